import { describe, expect, it } from 'vitest';
import { CUSTOM_INPUT_CAP, detectPii, maskPii, validateCustomPattern } from './index.ts';

describe('custom patterns', () => {
  it.each([
    ['VIP\\d{8}'],
    ['(?:VIP|SVIP)-\\d{6}'],
    ['[A-Z]{2}\\d{6}'],
    ['会员号\\s*\\d{6,10}'],
    ['(?:\\d{3}-){2}\\d{4}'],
    ['\\d+\\s*\\d+'],
    ['[A-Z]+\\d+'],
    ['\\d{1,5}\\d{1,5}'],
  ])('accepts %s', (pattern) => {
    expect(validateCustomPattern(pattern)).toEqual({ ok: true });
  });

  it.each([
    ['', 'empty'],
    ['a'.repeat(201), 'too_long'],
    ['VIP(\\d{8}', 'invalid_syntax'],
    ['[z-a]', 'invalid_syntax'],
    ['(a+)+$', 'nested_quantifier'],
    ['(\\d*)*x', 'nested_quantifier'],
    ['(a|aa)+b', 'nested_quantifier'],
    ['(?:\\w+\\s?){2,}!', 'nested_quantifier'],
    ['\\d*\\d*x', 'adjacent_quantifiers'],
    ['.*.*x', 'adjacent_quantifiers'],
    ['\\w+\\d+', 'adjacent_quantifiers'],
    ['(a)\\1', 'backreference'],
    ['\\d*', 'matches_empty'],
  ])('refuses %s: %s', (pattern, reason) => {
    const check = validateCustomPattern({ pattern });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reason).toBe(reason);
      expect(check.message.length).toBeGreaterThan(10);
    }
  });

  it('finds and masks a workspace pattern, labelled with its name', () => {
    const custom = [{ name: '会员号', pattern: 'VIP\\d{8}' }];
    expect(detectPii('会员 VIP12345678 积分', { custom })).toEqual([{ kind: 'custom', label: '会员号', start: 3, end: 14, value: 'VIP12345678' }]);
    expect(maskPii('会员 VIP12345678 积分', { custom })).toBe('会员 *********** 积分');
  });

  it('skips a pattern that would not validate instead of throwing, and reads only the first characters of a long text', () => {
    expect(detectPii('aaaa', { custom: [{ name: 'bad', pattern: '(a+)+$' }] })).toEqual([]);
    const long = `${'x'.repeat(CUSTOM_INPUT_CAP)} VIP12345678`;
    expect(detectPii(long, { custom: [{ name: 'vip', pattern: 'VIP\\d{8}' }] })).toEqual([]);
  });
});
