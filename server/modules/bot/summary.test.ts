import { describe, expect, it } from 'vitest';
import { flowSchema } from './flow-schema.ts';
import { buildHandoffSummary, maskText, maskValue, type SummaryInput } from './summary.ts';

describe('masking', () => {
  it.each([
    ['phone', '13812345678', '138****5678'],
    ['phone', '+86 138-1234-5678', '138****5678'],
    ['phone', '8613812345678', '138****5678'],
    ['email', 'zhang.san@example.com', 'z***@example.com'],
    ['id_number', '110101199003071234', '110***********1234'],
    ['bank_card', '6222 0212 3456 7890', '************7890'],
    ['order_number', 'E1234567890', 'E1234567890'],
  ])('%s %s → %s', (type, text, masked) => {
    expect(maskValue(type, text)).toBe(masked);
  });

  it.each([
    ['我的手机 13812345678，订单 E1234567890', '我的手机 138****5678，订单 E1234567890'],
    ['call me on +86 139 1234 5678', 'call me on 139****5678'],
    ['身份证 11010119900307123X 邮箱 li@qq.com', '身份证 110***********123X 邮箱 l***@qq.com'],
    ['order 20240101123456 please', 'order 20240101123456 please'],
  ])('maskText(%s)', (text, masked) => {
    expect(maskText(text)).toBe(masked);
  });
});

const returnFlow = flowSchema.parse({
  name: 'return_request',
  title: { 'zh-CN': '退货申请', en: 'Return request' },
  intents: ['return_request'],
  slots: [
    { name: 'order_number', type: 'entity', entity: 'order_number', prompt: { 'zh-CN': '订单号？', en: 'Order number?' } },
    { name: 'phone', type: 'entity', entity: 'phone', prompt: { 'zh-CN': '手机号？', en: 'Phone?' } },
    {
      name: 'reason',
      type: 'choice',
      prompt: { 'zh-CN': '原因？', en: 'Reason?' },
      choices: [
        { value: 'quality', label: { 'zh-CN': '质量问题', en: 'Quality problem' } },
        { value: 'other', label: { 'zh-CN': '其他', en: 'Other' } },
      ],
    },
  ],
  done: { 'zh-CN': '好', en: 'OK' },
  cancelled: { 'zh-CN': '取消', en: 'Cancelled' },
});

const input: SummaryInput = {
  reason: 'complaint_risk',
  intents: ['return_request', 'order_status', 'return_request'],
  entities: [
    { type: 'phone', text: '13812345678', value: '+8613812345678', at: 2 },
    { type: 'order_number', text: 'E1234567890', value: 'E1234567890', at: 1 },
    { type: 'order_number', text: 'E1234567890', value: 'E1234567890', at: 0 },
  ],
  emotion: { label: 'negative', anger: 0.91, anxiety: 0.2, complaintRisk: 'high', riskTerms: ['投诉', '12315'] },
  tried: {
    answers: [{ kind: 'faq', id: 'return-policy', label: '如何退货？' }],
    clarifications: 1,
    rephrases: 2,
    flows: [{ name: 'return_request', outcome: 'started' }],
  },
  flow: {
    definition: returnFlow,
    state: {
      name: 'return_request',
      intent: 'return_request',
      slots: { order_number: 'E1234567890', phone: '13812345678' },
      step: { kind: 'slot', slot: 'reason', attempts: 1 },
      startedAt: 0,
    },
  },
  lastCustomerMessage: '再不处理我就打12315投诉，电话13812345678',
  earlierMessages: ['你好', '我要退货', '订单E1234567890，手机13812345678'],
  intentTitles: { return_request: { 'zh-CN': '退货申请', en: 'Request a return' } },
};

describe('buildHandoffSummary', () => {
  const summary = buildHandoffSummary(input);

  it('keeps the structured facts, masked and de-duplicated', () => {
    expect(summary.reason).toBe('complaint_risk');
    expect(summary.intents).toEqual(['return_request', 'order_status']);
    expect(summary.entities).toEqual([
      { type: 'phone', text: '138****5678' },
      { type: 'order_number', text: 'E1234567890' },
    ]);
    expect(summary.flow).toEqual({
      name: 'return_request',
      title: returnFlow.title,
      filled: { order_number: 'E1234567890', phone: '138****5678' },
      missing: ['reason'],
      step: 'slot',
    });
    expect(summary.lastCustomerMessage).toBe('再不处理我就打12315投诉，电话138****5678');
    expect(summary.emotion.riskTerms).toEqual(['投诉', '12315']);
  });

  it('writes a short text in both languages with no unmasked phone', () => {
    const zh = summary.text['zh-CN'];
    const en = summary.text.en;
    expect(zh).toContain('转人工原因：投诉风险高');
    expect(zh).toContain('订单号 E1234567890');
    expect(zh).toContain('手机号 138****5678');
    expect(zh).toContain('如何退货？');
    expect(zh).toContain('流程：退货申请');
    expect(zh).toContain('待填 reason');
    expect(en).toContain('Handoff: high complaint risk');
    expect(en).toContain('Phone 138****5678');
    expect(en).toContain('clarified 1');
    expect(en).toContain('Flow: Return request');
    expect(zh).toContain('意图：退货申请、order_status');
    expect(en).toContain('Intents: Request a return, order_status');
    expect(zh).toContain('客户最近说：“我要退货” → “订单E1234567890，手机138****5678” → “再不处理');
    for (const text of [zh, en, JSON.stringify(summary)]) expect(text).not.toContain('13812345678');
    expect(zh.split('\n').length).toBeLessThanOrEqual(8);
  });

  it('leaves out mood and flow lines when there is nothing to say', () => {
    const calm = buildHandoffSummary({
      ...input,
      reason: 'requested',
      emotion: { label: 'neutral', anger: 0, anxiety: 0, complaintRisk: 'none', riskTerms: [] },
      flow: undefined,
    });
    expect(calm.flow).toBeUndefined();
    expect(calm.text['zh-CN']).not.toContain('情绪');
    expect(calm.text.en).not.toContain('Flow:');
    expect(calm.text.en).toContain('customer asked for a person');
  });

  it('reports a flow that handed over on completion as done, with its slots', () => {
    const done = buildHandoffSummary({
      ...input,
      flow: { definition: returnFlow, slots: { order_number: 'E1', phone: '13812345678', reason: 'quality' } },
    });
    expect(done.flow).toMatchObject({ step: 'done', missing: [], filled: { phone: '138****5678', reason: 'Quality problem' } });
  });
});
