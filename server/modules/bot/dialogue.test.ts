import { describe, expect, it } from 'vitest';
import { createTextAnalyzer } from '../../nlu/text.ts';
import type { Entity, FaqCandidate, NluMessage, SentimentResult } from '../../nlu/types.ts';
import {
  decideTurn,
  defaultPolicyConfig,
  followUpKey,
  initialDialogueState,
  restoreDialogueState,
  resumeAfterHuman,
  type BotAction,
  type BotKnowledge,
  type DialogueState,
  type IntentKnowledge,
  type TurnDecision,
} from './dialogue.ts';
import { renderDone } from './flow-engine.ts';
import { flowSchema, type FlowLocale } from './flow-schema.ts';
import { botLine, botLineVariants } from './replies.ts';
import { terms } from './slot-values.ts';

// ---- A small shop: FAQs, intents and one return flow, in both languages ----

const faqs: Record<string, Record<FlowLocale, [string, string]>> = {
  'return-time': {
    'zh-CN': ['退货要多久？', '退货寄回后 3 天内处理完成。'],
    en: ['How long does a return take?', 'Returns are processed within 3 days of arrival.'],
  },
  'refund-time': {
    'zh-CN': ['退款要多久？', '退款 1-3 个工作日原路退回。'],
    en: ['How long does a refund take?', 'Refunds arrive within 1-3 business days.'],
  },
  'shipping-fee': { 'zh-CN': ['运费怎么算？', '订单满 99 元包邮。'], en: ['How much is shipping?', 'Shipping is free over ¥99.'] },
  'warranty-s10': { 'zh-CN': ['S10保修多久？', 'S10 保修一年。'], en: ['How long is the warranty on the S10?', 'The S10 has a one-year warranty.'] },
  'warranty-s20': { 'zh-CN': ['S20保修多久？', 'S20 保修两年。'], en: ['How long is the warranty on the S20?', 'The S20 has a two-year warranty.'] },
  'waterproof-s20': { 'zh-CN': ['S20防水吗？', 'S20 支持 IP68 防水。'], en: ['Is the S20 waterproof?', 'The S20 is IP68 waterproof.'] },
};

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const intents: Record<string, IntentKnowledge> = {
  greeting: { action: 'answer', response: L('您好！有什么可以帮您？', 'Hello! How can I help?') },
  thanks: { action: 'answer', response: L('不客气，祝您生活愉快！', "You're welcome!") },
  goodbye: { action: 'answer', response: L('再见，欢迎下次光临！', 'Goodbye!') },
  order_status: {
    action: 'answer',
    title: L('查询物流', 'Track my order'),
    response: L('订单 {order_number} 正在配送中。', 'Order {order_number} is on its way.'),
  },
  return_request: { action: 'flow', title: L('退货申请', 'Request a return') },
  invoice: { action: 'handoff', title: L('开发票', 'Get an invoice') },
  human_handoff: { action: 'handoff' },
};

const returnFlow = flowSchema.parse({
  name: 'return_request',
  title: L('退货申请', 'Return request'),
  intents: ['return_request'],
  slots: [
    {
      name: 'order_number',
      type: 'entity',
      entity: 'order_number',
      pattern: '^E\\d{10}$',
      prompt: L('请提供您的订单号（E 开头）', 'What is your order number (starts with E)?'),
      invalid: L('订单号格式不对。', "That doesn't look like an order number."),
    },
    {
      name: 'reason',
      type: 'choice',
      prompt: L(
        '请选择退货原因：1. 质量问题 2. 尺码不合适 3. 不想要了',
        'Why are you returning it? 1. Quality problem 2. Wrong size 3. Changed my mind',
      ),
      choices: [
        { value: 'quality', label: L('质量问题', 'Quality problem'), synonyms: ['坏了', 'broken'] },
        { value: 'wrong_size', label: L('尺码不合适', 'Wrong size') },
        { value: 'changed_mind', label: L('不想要了', 'Changed my mind') },
      ],
    },
    { name: 'photo', type: 'attachment', optional: true, prompt: L('请上传商品照片', 'Please send a photo of the item') },
  ],
  confirm: L(
    '请确认：订单 {order_number}，原因：{reason}，照片：{photo}。确认提交吗？',
    'Please confirm: order {order_number}, reason: {reason}, photo: {photo}. Submit?',
  ),
  actions: [{ type: 'create_request', kind: 'return' }],
  done: L('已提交退货申请，单号 {request_number}。', 'Your return request {request_number} is submitted.'),
  cancelled: L('好的，已取消退货申请。', 'OK, the return request is cancelled.'),
});

function knowledge(locale: FlowLocale): BotKnowledge {
  return {
    faqAnswer: (id) => {
      const faq = faqs[id]?.[locale];
      return faq && { question: faq[0], answer: faq[1] };
    },
    intent: (name) => intents[name],
    flowFor: (name) => (returnFlow.intents.includes(name) ? returnFlow : undefined),
  };
}

// ---- A stand-in NLU: keyword intents, term-overlap FAQ retrieval, regex entities ----

const analyzer = createTextAnalyzer([{ word: 'S10' }, { word: 'S20' }]);
const intentRules: [RegExp, string][] = [
  [/^(?:你好|您好|hi|hello)/i, 'greeting'],
  [/谢谢|thank/i, 'thanks'],
  [/我要退货|申请退货|want to return|return (?:this|my|order)/i, 'return_request'],
  [/物流|到哪了|where is my order/i, 'order_status'],
  [/发票|invoice/i, 'invoice'],
];

function dice(a: string, b: string): number {
  const x = terms(a);
  const y = terms(b);
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return x.size + y.size ? (2 * shared) / (x.size + y.size) : 0;
}

function extract(text: string): Entity[] {
  const found: Entity[] = [];
  const add = (type: string, re: RegExp) => {
    for (const m of text.matchAll(re)) found.push({ type, text: m[0], value: m[0].toUpperCase(), start: m.index, end: m.index + m[0].length });
  };
  add('order_number', /E\d{10}|(?<![\dE])\d{5}(?!\d)/g);
  add('product', /S[12]0/gi);
  add('phone', /1[3-9]\d{9}/g);
  return found;
}

function understandFor(locale: FlowLocale): (text: string) => NluMessage {
  return (text) => {
    const base = analyzer.analyze(text);
    const rule = intentRules.find(([re]) => re.test(text));
    const intent = rule
      ? { name: rule[1], confidence: 0.92, ranking: [{ name: rule[1], confidence: 0.92 }], oos: false }
      : { name: 'oos', confidence: 0.2, ranking: [], oos: true };
    const faq: FaqCandidate[] = Object.entries(faqs)
      .map(([faqId, t]) => ({ faqId, question: t[locale][0], score: dice(text, t[locale][0]) }))
      .filter((c) => c.score > 0.1)
      .sort((a, b) => b.score - a.score);
    return { ...base, intent, faq, entities: extract(text) };
  };
}

const calm: SentimentResult = { label: 'neutral', score: 0.6, emotions: { anger: 0, anxiety: 0 }, complaintRisk: 'none', riskTerms: [] };
const angry: SentimentResult = { label: 'negative', score: 0.9, emotions: { anger: 0.85, anxiety: 0.3 }, complaintRisk: 'none', riskTerms: [] };

interface Say {
  attachments?: number;
  sentiment?: SentimentResult;
  faq?: [string, number][];
  intent?: [string, number][];
  after?: number;
}

/** A conversation with the bot; `say` plays one customer turn and keeps the state. */
function chat(locale: FlowLocale, opts: { understand?: boolean; state?: DialogueState; knowledge?: BotKnowledge } = {}) {
  const understand = understandFor(locale);
  let state: DialogueState | undefined = opts.state;
  let now = 1_000_000;
  const said: TurnDecision[] = [];
  return {
    said,
    get state() {
      return state as DialogueState;
    },
    say(text: string, o: Say = {}): TurnDecision {
      const message = { ...understand(text), sentiment: o.sentiment ?? calm };
      if (o.faq) message.faq = o.faq.map(([faqId, score]) => ({ faqId, score, question: faqs[faqId]?.[locale][0] ?? faqId }));
      if (o.intent) {
        const [[name, confidence] = ['oos', 0]] = o.intent;
        message.intent = { name, confidence, ranking: o.intent.map(([n, c]) => ({ name: n, confidence: c })), oos: name === 'oos' };
      }
      now += o.after ?? 5_000;
      const result = decideTurn({
        state,
        message,
        attachments: o.attachments ?? 0,
        locale,
        config: defaultPolicyConfig,
        knowledge: opts.knowledge ?? knowledge(locale),
        understand: opts.understand === false ? undefined : understand,
        now,
      });
      state = result.state;
      said.push(result);
      return result;
    },
  };
}

const handoffOf = (r: TurnDecision) => r.actions.find((a): a is Extract<BotAction, { type: 'handoff' }> => a.type === 'handoff');
const oos: Say = { intent: [['oos', 0.1]], faq: [] };

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

describe('the return flow through the dialogue', () => {
  it.each([
    ['zh-CN', '我要退货，订单号E1234567890', '12345', '2', '跳过', '是的', '已提交退货申请，单号 R1024。'],
    ['en', 'I want to return order E1234567890', 'it is 12345', 'the second one', 'no photo', 'yes', 'Your return request R1024 is submitted.'],
  ] as const)('%s', (locale, first, bad, pick, skip, yes, done) => {
    const bot = chat(locale);
    expect(bot.say(first).replies).toEqual([returnFlow.slots[1]?.prompt[locale]]);
    // A bad order number in the middle of the flow does not replace the good one; the reason is still asked.
    expect(bot.say(bad).replies[0]).toContain(returnFlow.slots[1]?.prompt[locale]);
    bot.say(pick);
    expect(bot.say(skip).replies[0]).toContain(locale === 'zh-CN' ? '原因：尺码不合适，照片：未提供' : 'reason: Wrong size, photo: not provided');
    const end = bot.say(yes);
    expect(end.replies).toEqual([]);
    const request = end.actions.find((a) => a.type === 'create_request');
    expect(request).toEqual({
      type: 'create_request',
      kind: 'return',
      flow: 'return_request',
      slots: { order_number: 'E1234567890', reason: 'wrong_size', photo: null },
    });
    expect(renderDone(returnFlow, request?.type === 'create_request' ? request.slots : {}, { request_number: 'R1024' }, locale)).toBe(done);
    expect(bot.state.flow).toBeUndefined();
    expect(bot.state.tried.flows).toEqual([
      { name: 'return_request', outcome: 'started' },
      { name: 'return_request', outcome: 'done' },
    ]);
  });

  it('re-asks a bad order number, then fills it', () => {
    const bot = chat('zh-CN');
    expect(bot.say('我要退货').replies).toEqual(['请提供您的订单号（E 开头）']);
    expect(bot.say('12345').replies).toEqual(['订单号格式不对。请提供您的订单号（E 开头）']);
    expect(bot.say('E1234567890').replies).toEqual([returnFlow.slots[1]?.prompt['zh-CN']]);
  });

  it('an order number given ten turns earlier fills the slot', () => {
    const bot = chat('zh-CN');
    bot.say('你好，我订单E7777777777的问题', oos);
    for (let i = 0; i < 9; i++) bot.say('运费怎么算？');
    expect(bot.say('我要退货').replies).toEqual([returnFlow.slots[1]?.prompt['zh-CN']]);
    expect(bot.state.flow?.slots.order_number).toBe('E7777777777');
  });

  it.each([
    ['zh-CN', '算了', '好的，已取消退货申请。'],
    ['en', 'never mind', 'OK, the return request is cancelled.'],
  ] as const)('%s "%s" cancels mid-flow and the bot answers normally after', (locale, cancel, reply) => {
    const bot = chat(locale);
    bot.say(locale === 'zh-CN' ? '我要退货' : 'I want to return this');
    const r = bot.say(cancel);
    expect(r.replies).toEqual([reply]);
    expect(bot.state.flow).toBeUndefined();
    expect(bot.state.tried.flows.at(-1)).toEqual({ name: 'return_request', outcome: 'cancelled' });
    expect(bot.say(locale === 'zh-CN' ? '运费怎么算？' : 'How much is shipping?').replies).toHaveLength(1);
  });

  it.each([
    ['zh-CN', '运费怎么算？', '订单满 99 元包邮。', '我们继续刚才的办理：', '1'],
    ['en', 'How much is shipping?', 'Shipping is free over ¥99.', "Let's carry on where we were:", 'broken'],
  ] as const)('%s: a FAQ mid-flow is answered, then the slot is asked again', (locale, question, answer, resume, reason) => {
    const bot = chat(locale);
    bot.say(locale === 'zh-CN' ? '我要退货 E1234567890' : 'I want to return order E1234567890');
    const side = bot.say(question);
    expect(side.replies).toEqual([answer, `${resume}\n${returnFlow.slots[1]?.prompt[locale]}`]);
    expect(bot.state.flow?.step).toEqual({ kind: 'slot', slot: 'reason', attempts: 0 });
    bot.say(reason);
    expect(bot.state.flow?.slots.reason).toBe('quality');
  });

  it('a handoff request mid-flow carries the flow progress in the summary', () => {
    const bot = chat('zh-CN');
    bot.say('我要退货 E1234567890');
    const r = bot.say('转人工', oos);
    const summary = handoffOf(r)?.summary;
    expect(summary?.flow).toMatchObject({ name: 'return_request', filled: { order_number: 'E1234567890' }, missing: ['reason', 'photo'] });
    expect(summary?.text['zh-CN']).toContain('流程：退货申请');
    expect(bot.state.flow).toBeUndefined();
  });

  it('three bad answers offer a human; "好" then hands off with reason flow', () => {
    const bot = chat('zh-CN');
    bot.say('我要退货');
    bot.say('不知道', oos);
    bot.say('忘了', oos);
    const stuck = bot.say('找不到', oos);
    expect(stuck.replies.at(-1)).toBe(botLine('stuck', 'zh-CN'));
    expect(handoffOf(bot.say('好', oos))?.reason).toBe('flow');
  });

  it('a flow whose action is handoff hands over with the filled slots when done', () => {
    const feedback = flowSchema.parse({
      ...returnFlow,
      slots: [returnFlow.slots[0]],
      confirm: undefined,
      actions: [{ type: 'handoff' }],
      done: L('已记录订单 {order_number}，马上为您转人工。', 'Noted order {order_number}; getting you a person.'),
    });
    const bot = chat('zh-CN', { knowledge: { ...knowledge('zh-CN'), flowFor: () => feedback } });
    bot.say('我要退货');
    const r = bot.say('E1234567890');
    expect(r.replies).toEqual(['已记录订单 E1234567890，马上为您转人工。', '正在为您转接人工客服，请稍候…']);
    expect(handoffOf(r)).toMatchObject({ reason: 'flow', summary: { flow: { step: 'done', filled: { order_number: 'E1234567890' } } } });
  });

  it('a state saved mid-flow resumes on another channel', () => {
    const web = chat('zh-CN');
    web.say('我要退货 E1234567890');
    const stored = JSON.parse(JSON.stringify(web.state)) as unknown;
    const wechat = chat('zh-CN', { state: restoreDialogueState(stored) });
    expect(wechat.say('质量问题').replies).toEqual(['请上传商品照片（没有的话可以回复"跳过"）']);
    expect(wechat.say('', { attachments: 2 }).replies[0]).toContain('照片：2 个文件');
  });
});

describe('follow-ups and references', () => {
  it.each([
    ['zh-CN', '退货要多久？', '那退款呢？', '退款 1-3 个工作日原路退回。'],
    ['en', 'How long does a return take?', 'what about refunds?', 'Refunds arrive within 1-3 business days.'],
    ['en', 'How long is the warranty on the S10?', 'and for the S20?', 'The S20 has a two-year warranty.'],
    ['zh-CN', 'S20保修多久？', '它防水吗？', 'S20 支持 IP68 防水。'],
    ['en', 'How long is the warranty on the S20?', 'is it waterproof', 'The S20 is IP68 waterproof.'],
  ] as const)('%s "%s" then "%s"', (locale, first, followUp, answer) => {
    const bot = chat(locale);
    bot.say(first);
    const r = bot.say(followUp);
    expect(r.replies).toEqual([answer]);
    expect(bot.state.turns.at(-1)?.rewritten).toBeTruthy();
  });

  it('without an NLU to re-run, an elliptical follow-up is not guessed', () => {
    const bot = chat('zh-CN', { understand: false });
    bot.say('退货要多久？');
    expect(bot.say('那退款呢？').replies).not.toEqual(['退款 1-3 个工作日原路退回。']);
  });

  it.each([
    ['那退款呢？', 'zh', '退款'],
    ['运费呢', 'zh', '运费'],
    ['那如果是S20的话', 'zh', 's20'],
    ['退款要多久？', 'zh', undefined],
    ['what about refunds?', 'en', 'refunds'],
    ['And for the S20?', 'en', 's20'],
    ['how about express shipping', 'en', 'express shipping'],
    ['how do I return an item', 'en', undefined],
  ] as const)('followUpKey(%s, %s) = %s', (text, lang, key) => {
    expect(followUpKey(text, lang)).toBe(key);
  });
});

describe('state', () => {
  it('keeps the last 30 exchanges of a 40-message conversation, and round-trips through JSON', () => {
    const bot = chat('zh-CN');
    for (let i = 0; i < 40; i++) bot.say(i % 2 ? '运费怎么算？' : `第${i}条：S20保修多久？`);
    const { turns } = bot.state;
    expect(turns).toHaveLength(30);
    expect(turns.some((t) => t.text.startsWith('第8条'))).toBe(false);
    expect(turns[0]?.text).toMatch(/^第10条/);
    expect(turns.at(-1)).toMatchObject({ text: '运费怎么算？', faqId: 'shipping-fee' });
    expect(bot.state.turnCount).toBe(40);
    const copy = JSON.parse(JSON.stringify(bot.state)) as DialogueState;
    expect(copy).toEqual(bot.state);
    expect(chat('zh-CN', { state: copy }).say('谢谢').replies).toEqual(chat('zh-CN', { state: bot.state }).say('谢谢').replies);
  });

  it('stays bounded however long the conversation runs', () => {
    const bot = chat('zh-CN');
    const script = ['我要退货 E1234567890', '2', '跳过', '是', '运费怎么算？', 'S20保修多久？', '它防水吗？', 'asdf'];
    const sizes: number[] = [];
    for (let i = 0; i < 400; i++) {
      bot.say(i % 50 === 7 ? 'x'.repeat(1800) : (script[i % script.length] ?? ''), { ...(i % 8 === 7 ? oos : {}) });
      if (i === 199 || i === 399) sizes.push(JSON.stringify(bot.state).length);
    }
    const { state } = bot;
    expect(state.tried.flows.filter((f) => f.outcome === 'done').length).toBeGreaterThan(0);
    expect(state.turns.length).toBeLessThanOrEqual(30);
    expect(state.tried.flows.length).toBeLessThanOrEqual(6);
    expect(state.tried.answers.length).toBeLessThanOrEqual(5);
    expect(state.entities.length).toBeLessThanOrEqual(20);
    expect(Math.max(...state.turns.map((t) => t.text.length))).toBeLessThanOrEqual(300);
    expect(sizes[1]).toBeLessThan(8_000);
    expect(sizes[1]).toBeLessThan((sizes[0] ?? 0) * 1.5);
  });

  it('decideTurn does not change the state it was given', () => {
    const bot = chat('zh-CN');
    bot.say('我要退货');
    const before = JSON.stringify(bot.state);
    const kept = bot.state;
    bot.say('E1234567890');
    expect(JSON.stringify(kept)).toBe(before);
  });

  it.each([null, 'x', { version: 2 }, { version: 1, turns: 'no' }])('restoreDialogueState(%j) starts afresh', (raw) => {
    expect(restoreDialogueState(raw)).toEqual(initialDialogueState());
  });

  it('after a human hands back, the bot greets and forgets stale questions', () => {
    const bot = chat('en');
    bot.say('asdf', oos);
    bot.say('qwer', oos);
    const back = resumeAfterHuman(bot.state, 'en');
    expect(back.reply).toBe(botLine('back_from_human', 'en'));
    expect(back.state.pending).toBeUndefined();
    expect(back.state.lowConfidenceStreak).toBe(0);
  });
});
