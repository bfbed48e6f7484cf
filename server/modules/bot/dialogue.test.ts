import { describe, expect, it } from 'vitest';
import { botLine, botLineVariants } from './replies.ts';

import { angry, chat, handoffOf, oos, returnFlow, type Say } from './dialogue-test-kit.ts';
describe('answers', () => {
  it.each([
    ['zh-CN', '你好', '您好！有什么可以帮您？'],
    ['zh-CN', '谢谢啦', '不客气，祝您生活愉快！'],
    ['en', 'hello there', 'Hello! How can I help?'],
    ['en', 'thanks a lot', "You're welcome!"],
    ['zh-CN', '运费怎么算？', '订单满 99 元包邮。'],
    ['zh-CN', 'S20防水吗', 'S20 支持 IP68 防水。'],
    ['en', 'How much is shipping?', 'Shipping is free over ¥99.'],
    ['en', 'how long does a refund take', 'Refunds arrive within 1-3 business days.'],
  ] as const)('%s "%s" → %s', (locale, text, reply) => {
    const r = chat(locale).say(text);
    expect(r.replies).toEqual([reply]);
    expect(r.actions).toEqual([]);
  });

  it('fills an intent response from an entity the customer gave earlier', () => {
    const bot = chat('zh-CN');
    bot.say('我的订单是E1234567890', oos);
    expect(bot.say('物流到哪了').replies).toEqual(['订单 E1234567890 正在配送中。']);
  });

  it('hands off an intent whose action is handoff', () => {
    const r = chat('en').say('I need an invoice for my order');
    expect(handoffOf(r)?.reason).toBe('intent');
    expect(r.replies).toEqual([botLine('handing_off', 'en')]);
  });
});

describe('handoff on request', () => {
  it.each([
    ['zh-CN', '转人工'],
    ['zh-CN', '人工'],
    ['zh-CN', '我要找真人'],
    ['zh-CN', '人工客服在吗'],
    ['en', 'human please'],
    ['en', 'agent'],
    ['en', 'Can I talk to a real person?'],
  ] as const)('%s "%s" hands off even when the classifier misses', (locale, text) => {
    const r = chat(locale).say(text, oos);
    expect(r.replies).toEqual([botLine('handing_off', locale)]);
    expect(handoffOf(r)?.reason).toBe('requested');
    expect(r.state.handedOff).toBe(true);
  });

  it('hands off when the classifier says human_handoff without a keyword', () => {
    const r = chat('zh-CN').say('我想和你们的工作人员聊聊', { intent: [['human_handoff', 0.9]] });
    expect(handoffOf(r)?.reason).toBe('requested');
    expect(r.replies).toEqual(['正在为您转接人工客服，请稍候…']);
  });
});

describe('feelings', () => {
  it.each([
    ['zh-CN', '我要投诉！再不处理我就打12315', ['投诉', '12315']],
    ['en', "I'm filing a chargeback with my bank", ['chargeback']],
  ] as const)('%s complaint risk "%s" → soothe and hand off at once, with a summary', (locale, text, riskTerms) => {
    const bot = chat(locale);
    bot.say(locale === 'zh-CN' ? '我的订单E1234567890还没到' : 'my order E1234567890 has not arrived', oos);
    const r = bot.say(text, { sentiment: { ...angry, complaintRisk: 'high', riskTerms: [...riskTerms] } });
    expect(botLineVariants('soothe', locale)).toContain(r.replies[0]);
    expect(r.replies[1]).toBe(botLine('handing_off', locale));
    expect(r.actions).toContainEqual({ type: 'raise_priority', to: 'urgent', reason: 'complaint_risk' });
    const summary = handoffOf(r)?.summary;
    expect(summary?.reason).toBe('complaint_risk');
    expect(summary?.emotion.riskTerms).toEqual(riskTerms);
    expect(summary?.entities).toContainEqual({ type: 'order_number', text: 'E1234567890' });
    expect(summary?.lastCustomerMessage).toBe(text);
    expect(summary?.text[locale]).toContain(riskTerms[0]);
  });

  it.each([
    ['zh-CN', '气死了！！运费怎么算？', '订单满 99 元包邮。'],
    ['en', 'This is ridiculous. How much is shipping?', 'Shipping is free over ¥99.'],
  ] as const)('%s anger → soothing line first, priority raised once, still answered', (locale, text, answer) => {
    const bot = chat(locale);
    const first = bot.say(text, { sentiment: angry });
    expect(first.replies).toHaveLength(2);
    expect(botLineVariants('soothe', locale)).toContain(first.replies[0]);
    expect(first.replies[1]).toBe(answer);
    expect(first.actions).toEqual([{ type: 'raise_priority', to: 'high', reason: 'negative_emotion' }]);
    const second = bot.say(text, { sentiment: { ...angry, emotions: { anger: 0.2, anxiety: 0.9 } } });
    expect(botLineVariants('soothe', locale)).toContain(second.replies[0]);
    expect(second.replies[0]).not.toBe(first.replies[0]);
    expect(second.actions).toEqual([]);
  });

  it.each([
    ['zh-CN', '你们这服务太差了，运费怎么算？', '订单满 99 元包邮。'],
    ['en', 'Your service is awful. How much is shipping?', 'Shipping is free over ¥99.'],
  ] as const)('%s low complaint risk → soothe, raise priority, no handoff', (locale, text, answer) => {
    const r = chat(locale).say(text, {
      sentiment: { ...angry, emotions: { anger: 0.3, anxiety: 0 }, complaintRisk: 'low', riskTerms: ['太差'] },
      faq: [['shipping-fee', 0.9]],
    });
    expect(r.replies.slice(1)).toEqual([answer]);
    expect(botLineVariants('soothe', locale)).toContain(r.replies[0]);
    expect(r.actions).toEqual([{ type: 'raise_priority', to: 'high', reason: 'complaint_risk' }]);
  });

  it('mild negativity is not soothed', () => {
    const r = chat('zh-CN').say('运费怎么算？', { sentiment: { ...angry, emotions: { anger: 0.2, anxiety: 0.1 } } });
    expect(r.replies).toEqual(['订单满 99 元包邮。']);
  });
});

describe('clarification', () => {
  const ambiguous: Say = {
    faq: [
      ['refund-time', 0.62],
      ['return-time', 0.58],
      ['shipping-fee', 0.4],
    ],
    intent: [['oos', 0.1]],
  };

  it.each([
    ['zh-CN', '您是想问：\n1. 退款要多久？\n2. 退货要多久？\n3. 运费怎么算？\n请回复序号，或换个说法告诉我。'],
    [
      'en',
      'Did you mean:\n1. How long does a refund take?\n2. How long does a return take?\n3. How much is shipping?\nReply with a number, or tell me in other words.',
    ],
  ] as const)('%s: close candidates are listed', (locale, prompt) => {
    expect(chat(locale).say('多久', ambiguous).replies).toEqual([prompt]);
  });

  it.each([
    ['zh-CN', '2', '退货寄回后 3 天内处理完成。'],
    ['zh-CN', '第二个', '退货寄回后 3 天内处理完成。'],
    ['zh-CN', '一', '退款 1-3 个工作日原路退回。'],
    ['zh-CN', '退货的那个', '退货寄回后 3 天内处理完成。'],
    ['zh-CN', '运费', '订单满 99 元包邮。'],
    ['en', '3', 'Shipping is free over ¥99.'],
    ['en', 'the second one', 'Returns are processed within 3 days of arrival.'],
    ['en', 'the refund one', 'Refunds arrive within 1-3 business days.'],
  ] as const)('%s pick "%s"', (locale, pick, answer) => {
    const bot = chat(locale);
    bot.say('多久', ambiguous);
    expect(bot.say(pick, oos).replies).toEqual([answer]);
    expect(bot.state.pending).toBeUndefined();
  });

  it.each([
    ['zh-CN', '都不是'],
    ['en', 'none of these'],
  ] as const)('%s "%s" counts as not understood', (locale, none) => {
    const bot = chat(locale);
    bot.say('多久', ambiguous);
    const r = bot.say(none, oos);
    expect(botLineVariants('rephrase', locale)).toContain(r.replies[0]);
    expect(bot.state.lowConfidenceStreak).toBe(1);
  });

  it('a lone mid-confidence match with no rival is answered', () => {
    const r = chat('zh-CN').say('退款', { faq: [['refund-time', 0.45]], intent: [['oos', 0.1]] });
    expect(r.replies).toEqual(['退款 1-3 个工作日原路退回。']);
  });

  it('a single low option is not offered as a "did you mean"', () => {
    const r = chat('en').say('skip', { faq: [['waterproof-s20', 0.36]], intent: [['oos', 0.9]] });
    expect(botLineVariants('rephrase', 'en')).toContain(r.replies[0]);
  });

  it('a strong match is answered even when the runner-up is close', () => {
    const r = chat('en').say('How much is shipping?', {
      faq: [
        ['shipping-fee', 0.74],
        ['return-time', 0.68],
      ],
      intent: [['oos', 0.9]],
    });
    expect(r.replies).toEqual(['Shipping is free over ¥99.']);
  });

  it('intents are listed by title and picking one starts its flow', () => {
    const bot = chat('en');
    const ask = bot.say('order', {
      intent: [
        ['order_status', 0.5],
        ['return_request', 0.45],
        ['greeting', 0.44],
      ],
      faq: [],
    });
    expect(ask.replies[0]).toBe('Did you mean:\n1. Track my order\n2. Request a return\nReply with a number, or tell me in other words.');
    expect(bot.say('2', oos).replies).toEqual([returnFlow.slots[0]?.prompt.en]);
    expect(bot.state.flow?.name).toBe('return_request');
  });

  it('a new confident question after a clarification is simply answered', () => {
    const bot = chat('zh-CN');
    bot.say('多久', ambiguous);
    expect(bot.say('S20防水吗').replies).toEqual(['S20 支持 IP68 防水。']);
  });

  it('a pick long after the question is not taken as a pick', () => {
    const bot = chat('zh-CN');
    bot.say('多久', ambiguous);
    expect(botLineVariants('rephrase', 'zh-CN')).toContain(bot.say('2', { ...oos, after: 2 * 60 * 60_000 }).replies[0]);
  });
});

describe('not understood', () => {
  it.each([
    ['zh-CN', '嗯嗯那个啥', '好'],
    ['en', 'blorp zzz', 'yes please'],
  ] as const)('%s: rephrase, then offer a human, then hand off on "%s"', (locale, _, yes) => {
    const bot = chat(locale);
    const first = bot.say('asdf qwer', oos);
    expect(botLineVariants('rephrase', locale)).toContain(first.replies[0]);
    expect(bot.say('zxcv', oos).replies).toEqual([botLine('offer_human', locale)]);
    const accept = bot.say(yes, { ...oos, intent: [['affirm', 0.9]] });
    expect(handoffOf(accept)?.reason).toBe('low_confidence');
    expect(handoffOf(accept)?.summary.tried.rephrases).toBe(2);
    expect(handoffOf(accept)?.summary.earlierMessages).toEqual(['asdf qwer', 'zxcv']);
  });

  it('declining the offer keeps the bot and resets the count', () => {
    const bot = chat('zh-CN');
    bot.say('asdf', oos);
    bot.say('qwer', oos);
    const r = bot.say('不用', oos);
    expect(r.replies).toEqual([botLine('offer_declined', 'zh-CN')]);
    expect(r.actions).toEqual([]);
    expect(botLineVariants('rephrase', 'zh-CN')).toContain(bot.say('zxcv', oos).replies[0]);
  });
});
