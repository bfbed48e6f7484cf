import { describe, expect, it } from 'vitest';
import { draftAnswer, isSubstantiveReply, maskContacts } from './draft.ts';

describe('draft answers from agents’ replies', () => {
  it.each([
    ['您好，请稍等', false],
    ['亲，我帮您查一下', false],
    ['Hi! One moment please', false],
    ['可以开电子发票，在订单详情里申请', true],
    ['Yes, we ship to Canada within 7 days.', true],
  ])('%s is an answer: %s', (text, expected) => {
    expect(isSubstantiveReply(text)).toBe(expected);
  });

  it.each([
    ['请拨打 13812345678 联系售后', '请拨打 138****5678 联系售后'],
    ['call +86 138-1234-5678 or mail li.lei@shop.example', 'call 138****5678 or mail ***@shop.example'],
    ['订单 DS2026112000123 已于 2026-11-21 发出', '订单 DS2026112000123 已于 2026-11-21 发出'],
  ])('masks phones and emails in %s', (text, masked) => {
    expect(maskContacts(text)).toBe(masked);
  });

  it('takes the reply most agents agree with, masked', () => {
    const draft = draftAnswer([
      '可以开电子发票，在订单详情页点“申请发票”即可，有问题打 13812345678',
      '电子发票在订单详情页申请',
      '可以的，订单详情页申请电子发票',
      '您的包裹明天到',
    ]);
    expect(draft).toMatch(/订单详情/);
    expect(draft).not.toContain('13812345678');
    expect(draftAnswer([])).toBeNull();
  });
});
