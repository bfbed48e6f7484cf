/**
 * Test kit for the dialogue policy's tests: a small shop (FAQs, intents, one
 * return flow, in zh-CN and en), a scripted understanding of messages, and
 * `chat()`, a customer talking to the policy turn by turn.
 */
import { createTextAnalyzer } from '../../nlu/text.ts';
import type { Entity, FaqCandidate, NluMessage, SentimentResult } from '../../nlu/types.ts';
import {
  decideTurn,
  defaultPolicyConfig,
  type BotAction,
  type BotKnowledge,
  type DialogueState,
  type IntentKnowledge,
  type TurnDecision,
} from './dialogue.ts';
import { flowSchema, type FlowLocale } from './flow-schema.ts';
import { terms } from './slot-values.ts';

// ---- A small shop: FAQs, intents and one return flow, in both languages ----

export const faqs: Record<string, Record<FlowLocale, [string, string]>> = {
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

export const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
export const intents: Record<string, IntentKnowledge> = {
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

export const returnFlow = flowSchema.parse({
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

export function knowledge(locale: FlowLocale): BotKnowledge {
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

export const analyzer = createTextAnalyzer([{ word: 'S10' }, { word: 'S20' }]);
export const intentRules: [RegExp, string][] = [
  [/^(?:你好|您好|hi|hello)/i, 'greeting'],
  [/谢谢|thank/i, 'thanks'],
  [/我要退货|申请退货|want to return|return (?:this|my|order)/i, 'return_request'],
  [/物流|到哪了|where is my order/i, 'order_status'],
  [/发票|invoice/i, 'invoice'],
];

export function dice(a: string, b: string): number {
  const x = terms(a);
  const y = terms(b);
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return x.size + y.size ? (2 * shared) / (x.size + y.size) : 0;
}

export function extract(text: string): Entity[] {
  const found: Entity[] = [];
  const add = (type: string, re: RegExp) => {
    for (const m of text.matchAll(re)) found.push({ type, text: m[0], value: m[0].toUpperCase(), start: m.index, end: m.index + m[0].length });
  };
  add('order_number', /E\d{10}|(?<![\dE])\d{5}(?!\d)/g);
  add('product', /S[12]0/gi);
  add('phone', /1[3-9]\d{9}/g);
  return found;
}

export function understandFor(locale: FlowLocale): (text: string) => NluMessage {
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

export const calm: SentimentResult = { label: 'neutral', score: 0.6, emotions: { anger: 0, anxiety: 0 }, complaintRisk: 'none', riskTerms: [] };
export const angry: SentimentResult = {
  label: 'negative',
  score: 0.9,
  emotions: { anger: 0.85, anxiety: 0.3 },
  complaintRisk: 'none',
  riskTerms: [],
};

export interface Say {
  attachments?: number;
  sentiment?: SentimentResult;
  faq?: [string, number][];
  intent?: [string, number][];
  after?: number;
}

/** A conversation with the bot; `say` plays one customer turn and keeps the state. */
export function chat(locale: FlowLocale, opts: { understand?: boolean; state?: DialogueState; knowledge?: BotKnowledge } = {}) {
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

export const handoffOf = (r: TurnDecision) => r.actions.find((a): a is Extract<BotAction, { type: 'handoff' }> => a.type === 'handoff');
export const oos: Say = { intent: [['oos', 0.1]], faq: [] };
