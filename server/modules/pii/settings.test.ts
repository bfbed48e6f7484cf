import { describe, expect, it } from 'vitest';
import { compilePrivacy, customPatternProblem, defaultPrivacySettings, modeFor } from './settings.ts';
import { maskDeep } from './surfaces.ts';

describe('custom patterns', () => {
  it.each([
    ['VIP\\d{6}', null],
    ['[A-Z]{2}-\\d{4,8}', null],
    ['(unclosed', /not a valid regular expression/],
    ['x*', /empty string/],
    ['(a+)+$', /nested quantifiers/],
    ['(\\d{2,})*z', /nested quantifiers/],
    ['(a)\\1', /back-references/],
  ])('%s → %s', (pattern, problem) => {
    const found = customPatternProblem(pattern);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('masking a payload', () => {
  const compiled = compilePrivacy({ ...defaultPrivacySettings(), customPatterns: [{ name: 'member', pattern: 'VIP\\d{6}' }] });

  it('masks strings at any depth, leaves ids, times and enums, and never changes its input', () => {
    const input = {
      id: 'msg_01',
      conversationId: 'conv_13812345678',
      type: 'incoming',
      content: '电话13812345678，会员VIP123456，订单DS2026112000123',
      contentAttributes: { slots: { phone: '13900001111' } },
      list: ['li@shop.example'],
      createdAt: '2026-11-22T01:00:00.000Z',
    };
    const copy = structuredClone(input);
    expect(maskDeep(input, compiled)).toEqual({
      ...input,
      content: '电话138****5678，会员*********，订单DS2026112000123',
      contentAttributes: { slots: { phone: '139****1111' } },
      list: ['***@shop.example'],
    });
    expect(input).toEqual(copy);
  });

  it('reads the mode per surface and role, defaulting to mask', () => {
    const settings = defaultPrivacySettings();
    settings.policy.console.roles['rol_admin'] = 'clear';
    const c = compilePrivacy(settings);
    expect([modeFor(c, 'console', 'rol_admin'), modeFor(c, 'console', 'rol_agent'), modeFor(c, 'webhooks')]).toEqual(['clear', 'mask', 'mask']);
  });
});
