import type { SentimentResult } from '../../nlu/types.ts';
import type { FlowStep, FlowState } from './flow-engine.ts';
import type { FlowDefinition, FlowLocale, Localized } from './flow-schema.ts';
import { formatSlotValue, type JsonValue } from './slot-values.ts';

/**
 * What an agent reads when the bot hands a conversation over: why, what the
 * customer wanted, the facts already given (personal numbers masked), how
 * they feel, and what the bot already tried — so nobody asks twice.
 */

export type HandoffReason = 'requested' | 'complaint_risk' | 'low_confidence' | 'flow' | 'intent';

/** An entity the customer gave in some earlier turn. */
export interface RememberedEntity {
  type: string;
  text: string;
  value: JsonValue;
  at: number;
}

/** The strongest feelings seen so far in the conversation. */
export interface EmotionTrace {
  label: SentimentResult['label'];
  anger: number;
  anxiety: number;
  complaintRisk: SentimentResult['complaintRisk'];
  riskTerms: string[];
}

/** What the bot has done so far (kept short: the last few answers only). */
export interface BotAttempts {
  answers: { kind: 'faq' | 'intent' | 'passage' | 'graph'; id: string; label: string }[];
  clarifications: number;
  rephrases: number;
  flows: { name: string; outcome: 'started' | 'done' | 'cancelled' }[];
}

export interface SummaryInput {
  reason: HandoffReason;
  /** Intents seen, most recent first. */
  intents: readonly string[];
  entities: readonly RememberedEntity[];
  emotion: EmotionTrace;
  tried: BotAttempts;
  /** The running flow, or one that just finished with a handoff action (`slots` only). */
  flow?: { definition?: FlowDefinition; state: FlowState } | { definition: FlowDefinition; slots: FlowState['slots'] };
  lastCustomerMessage: string;
  /** The customer's messages before the last one, oldest first ("好" alone says little; what came before does). */
  earlierMessages?: readonly string[];
  /** Intent titles for the text (names stay in the structured part). */
  intentTitles?: Readonly<Record<string, Localized>>;
}

export interface FlowProgress {
  name: string;
  title?: Localized;
  /** Filled slots as display text (masked). */
  filled: Record<string, string>;
  missing: string[];
  /** Where the flow stood; `done` when its own handoff action handed over. */
  step: FlowStep['kind'] | 'done';
}

export interface HandoffSummary {
  reason: HandoffReason;
  intents: string[];
  entities: { type: string; text: string }[];
  emotion: EmotionTrace;
  tried: BotAttempts;
  flow?: FlowProgress;
  lastCustomerMessage: string;
  /** Up to two messages before the last one, masked, oldest first. */
  earlierMessages: string[];
  /** The same facts as a few lines for the agent, in both languages. */
  text: Localized;
}

function keepEnds(text: string, head: number, tail: number, stars?: number): string {
  if (text.length <= head + tail) return '*'.repeat(text.length);
  return `${text.slice(0, head)}${'*'.repeat(stars ?? text.length - head - tail)}${text.slice(text.length - tail)}`;
}

/**
 * Masks a personal number for the summary: phones as 138****5678, ID
 * numbers and bank cards keep their ends, e-mails their first letter.
 *
 * @example maskValue('phone', '+86 138-1234-5678') // '138****5678'
 */
export function maskValue(type: string, text: string): string {
  if (type === 'phone') {
    const digits = text.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
    return digits.length >= 7 ? keepEnds(digits, 3, 4, 4) : keepEnds(digits, 0, 2);
  }
  if (type === 'email') return text.replace(/^([^@])[^@]*(@.*)$/u, '$1***$2');
  if (type === 'id_number') return keepEnds(text, 3, 4);
  if (type === 'bank_card') return keepEnds(text.replace(/\s/g, ''), 0, 4);
  return text;
}

/** Masks mobile numbers, ID numbers and e-mails inside free text. */
export function maskText(text: string): string {
  return text
    .replace(/(?<!\d)\d{17}[\dxX](?!\d)/g, (m) => maskValue('id_number', m))
    .replace(/(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g, (m) => maskValue('phone', m))
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, (m) => maskValue('email', m));
}

const typeNames: Record<string, Localized> = {
  order_number: { 'zh-CN': '订单号', en: 'Order' },
  phone: { 'zh-CN': '手机号', en: 'Phone' },
  email: { 'zh-CN': '邮箱', en: 'Email' },
  product: { 'zh-CN': '商品', en: 'Product' },
  amount: { 'zh-CN': '金额', en: 'Amount' },
  date: { 'zh-CN': '日期', en: 'Date' },
  id_number: { 'zh-CN': '身份证号', en: 'ID number' },
};

const reasonNames: Record<HandoffReason, Localized> = {
  requested: { 'zh-CN': '客户要求转人工', en: 'customer asked for a person' },
  complaint_risk: { 'zh-CN': '投诉风险高', en: 'high complaint risk' },
  low_confidence: { 'zh-CN': '机器人多次未能理解', en: 'the bot could not understand' },
  flow: { 'zh-CN': '流程需要人工处理', en: 'the flow needs a person' },
  intent: { 'zh-CN': '该问题需人工处理', en: 'this topic is handled by people' },
};

function flowProgress(input: NonNullable<SummaryInput['flow']>): FlowProgress {
  const { definition } = input;
  const state = 'state' in input ? input.state : undefined;
  const slots = state?.slots ?? ('slots' in input ? input.slots : {});
  const filled: Record<string, string> = {};
  for (const [name, value] of Object.entries(slots)) {
    const slot = definition?.slots.find((s) => s.name === name);
    filled[name] = maskText(formatSlotValue(slot, value, 'en'));
  }
  const missing = (definition?.slots ?? []).map((s) => s.name).filter((n) => !(n in slots));
  return { name: state?.name ?? definition?.name ?? '', title: definition?.title, filled, missing, step: state?.step.kind ?? 'done' };
}

function describe(summary: Omit<HandoffSummary, 'text'>, locale: FlowLocale, titles: SummaryInput['intentTitles'] = {}): string {
  const zh = locale === 'zh-CN';
  const sep = zh ? '；' : '; ';
  const colon = zh ? '：' : ': ';
  const e = summary.emotion;
  const lines = [`${zh ? '转人工原因' : 'Handoff'}${colon}${reasonNames[summary.reason][locale]}`];
  const intents = summary.intents.map((i) => titles[i]?.[locale] ?? i);
  if (intents.length) lines.push(`${zh ? '意图' : 'Intents'}${colon}${intents.join(zh ? '、' : ', ')}`);
  if (summary.entities.length) {
    const facts = summary.entities.map((x) => `${typeNames[x.type]?.[locale] ?? x.type} ${x.text}`);
    lines.push(`${zh ? '信息' : 'Facts'}${colon}${facts.join(sep)}`);
  }
  if (e.label === 'negative' || e.complaintRisk !== 'none') {
    const level = zh ? { low: '低', high: '高' }[e.complaintRisk as 'low' | 'high'] : e.complaintRisk;
    const terms = e.riskTerms.length ? ` (${e.riskTerms.join(', ')})` : '';
    const risk = e.complaintRisk === 'none' ? '' : `${sep}${zh ? '投诉风险' : 'complaint risk'} ${level}${terms}`;
    const feel = zh ? `愤怒 ${e.anger.toFixed(2)}，焦虑 ${e.anxiety.toFixed(2)}` : `anger ${e.anger.toFixed(2)}, anxiety ${e.anxiety.toFixed(2)}`;
    lines.push(`${zh ? '情绪' : 'Mood'}${colon}${zh ? '负面' : 'negative'} (${feel})${risk}`);
  }
  const t = summary.tried;
  const tried = [
    `${zh ? '已回答' : 'answered'} ${t.answers.length}${t.answers.length ? ` (${t.answers.map((a) => a.label).join(' / ')})` : ''}`,
    `${zh ? '澄清' : 'clarified'} ${t.clarifications}`,
    `${zh ? '未理解' : 'not understood'} ${t.rephrases}`,
  ];
  lines.push(`${zh ? '机器人已尝试' : 'Bot tried'}${colon}${tried.join(sep)}`);
  const f = summary.flow;
  if (f) {
    const filled = Object.entries(f.filled).map(([k, v]) => `${k}=${v}`);
    const title = f.title?.[locale] ?? f.name;
    lines.push(
      `${zh ? '流程' : 'Flow'}${colon}${title}${sep}${zh ? '已填' : 'filled'} ${filled.join(', ') || '-'}${sep}${zh ? '待填' : 'missing'} ${f.missing.join(', ') || '-'}`,
    );
  }
  const said = [...summary.earlierMessages, summary.lastCustomerMessage].map((m) => `“${m}”`);
  lines.push(`${zh ? '客户最近说' : 'Customer said'}${colon}${said.join(' → ')}`);
  return lines.join('\n');
}

/**
 * Builds the handoff summary from what the dialogue remembered.
 *
 * @example buildHandoffSummary({ reason: 'requested', intents: ['return_request'], entities, emotion, tried, lastCustomerMessage: '转人工' }).text['zh-CN']
 */
export function buildHandoffSummary(input: SummaryInput): HandoffSummary {
  const seen = new Set<string>();
  const entities = input.entities
    .map((x) => ({ type: x.type, text: maskValue(x.type, x.text) }))
    .filter((x) => !seen.has(`${x.type}:${x.text}`) && Boolean(seen.add(`${x.type}:${x.text}`)));
  const base: Omit<HandoffSummary, 'text'> = {
    reason: input.reason,
    intents: [...new Set(input.intents)].slice(0, 5),
    entities,
    emotion: { ...input.emotion, riskTerms: [...input.emotion.riskTerms] },
    tried: structuredClone(input.tried),
    flow: input.flow ? flowProgress(input.flow) : undefined,
    lastCustomerMessage: maskText(input.lastCustomerMessage),
    earlierMessages: (input.earlierMessages ?? []).slice(-2).map(maskText),
  };
  if (!base.flow) delete base.flow;
  const text = { 'zh-CN': describe(base, 'zh-CN', input.intentTitles), en: describe(base, 'en', input.intentTitles) };
  return { ...base, text };
}
