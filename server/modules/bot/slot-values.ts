import type { Entity } from '../../nlu/types.ts';
import type { FlowLocale, FlowSlot } from './flow-schema.ts';
import { botLine } from './replies.ts';

/**
 * Reading short customer answers, in Chinese and English: yes/no, "the
 * second one", cancel and skip words, a slot's value. Everything here is a
 * pure function of the text, so the flow engine and the dialogue policy
 * agree on what "好的", "2" or "never mind" mean.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A filled slot: entity value, text, choice value, yes_no boolean, attachment count; `null` = skipped. */
export type SlotValue = JsonValue;

/** What the customer sent, as far as a slot is concerned. */
export interface SlotAnswer {
  text: string;
  /** The message's entities (only type, text and value are read), or entities remembered from earlier turns. */
  entities: readonly Pick<Entity, 'type' | 'text' | 'value'>[];
  /** Files sent with the message. */
  attachments: number;
}

export type SlotCheck = { ok: true; value: SlotValue } | { ok: false };

/** NFKC, lower case, no punctuation at either end, single spaces. */
export function cleanAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .trim();
}

/** The answer without trailing modal particles (吧, 啊, 呀…) or "please". */
function core(text: string): string {
  return cleanAnswer(text)
    .replace(/(?:[吧啊呀啦哈嘛呢哦噢了]|\s*please|\s*thanks?)+$/u, '')
    .replace(/^(?:please\s+|请)/u, '')
    .trim();
}

const zhDigits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const enOrdinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const enNumbers = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function ordinalNumber(word: string): number | undefined {
  if (/^\d{1,2}$/.test(word)) return Number(word);
  if (zhDigits[word]) return zhDigits[word];
  const en = Math.max(enOrdinals.indexOf(word), enNumbers.indexOf(word));
  return en >= 0 ? en + 1 : undefined;
}

const zhOrdinal = /^(?:我)?(?:就)?(?:选|要|是|选择)?(?:第)?([0-9]{1,2}|[一二两三四五六七八九十])(?:个|项|条|种|号|位)?(?:的)?$/u;
const enOrdinal = new RegExp(
  `^(?:i'?ll take |i choose |i pick |i want |choose |pick |option |number |no\\.? ?|#)?(?:the )?` +
    `(?:(\\d{1,2})(?:st|nd|rd|th)?|(${[...enOrdinals, ...enNumbers].join('|')}))(?: one| option)?$`,
  'u',
);

/**
 * The 0-based option a customer picked by number or ordinal, if the whole
 * answer is just that ("2", "第二个", "一", "the second one", "option 3", "最后一个").
 *
 * @example parseOrdinal('第二个', 3) // 1
 * @example parseOrdinal('the third one', 3) // 2
 */
export function parseOrdinal(text: string, count: number): number | undefined {
  const answer = core(text);
  if (/^(?:最后一个|最后那个|the last(?: one)?|last(?: one)?)$/u.test(answer)) return count > 0 ? count - 1 : undefined;
  const match = zhOrdinal.exec(answer.replace(/\s+/g, '')) ?? enOrdinal.exec(answer);
  const word = match?.[1] ?? match?.[2];
  const n = word ? ordinalNumber(word) : undefined;
  return n !== undefined && n >= 1 && n <= count ? n - 1 : undefined;
}

const yesWords = new Set(
  [
    '是 是的 对 对的 对啊 好 好的 好啊 可以 行 嗯 嗯嗯 确认 确定 没错 没问题 要 需要 同意 正确 对的没错 ok 好滴',
    'yes yeah yep yup y sure ok okay correct right confirm confirmed absolutely thats right',
  ]
    .join(' ')
    .split(' '),
);
const yesPhrases = ['go ahead', 'please do', 'of course', 'yes please', "that's right", 'that is right', 'sounds good'];
const noWords = new Set(
  ['不 不是 否 不对 不要 不用 不需要 没有 错了 不行 不可以 别 不是的 不对的 不正确 有误', 'no nope nah n incorrect wrong negative']
    .join(' ')
    .split(' '),
);
const noPhrases = ['not really', 'no thanks', 'no thank you', "that's wrong", 'not correct', "don't", 'do not'];

/**
 * Yes or no from a short answer ("是的", "好", "不对", "yes please", "nope");
 * only the first clause counts, so "是的，没问题" is yes and "不是，改一下" is no.
 *
 * @example parseYesNo('好的') // 'yes'
 * @example parseYesNo('不对，地址错了') // 'no'
 */
export function parseYesNo(text: string): 'yes' | 'no' | undefined {
  const first = core(cleanAnswer(text).split(/[,，。.!！?？;；、]/u)[0] ?? '');
  if (noWords.has(first) || noPhrases.includes(first)) return 'no';
  if (yesWords.has(first) || yesPhrases.includes(first)) return 'yes';
  return undefined;
}

/**
 * "取消", "算了", "不要了", "cancel", "never mind": the customer wants to leave
 * the current flow. Only the whole answer counts ("取消订单" is a request, not this).
 */
export function isCancel(text: string): boolean {
  const answer = core(text).replace(/[了]+$/u, '');
  if (/^(?:还是)?(?:取消|算|不要|不办|不用|不弄|不退|不换|退出|先不|取消办理|取消申请|不办理)$/u.test(answer)) return true;
  if (/^算了/u.test(cleanAnswer(text)) && cleanAnswer(text).length <= 8) return true;
  return /^(?:cancel|stop|quit|exit|never ?mind|forget it|forget about it)(?: it| this| that)?$/u.test(answer);
}

/** "跳过", "没有", "skip", "no photo": move past an optional slot. */
export function isSkip(text: string): boolean {
  const answer = core(text);
  if (/^(?:跳过|略过|没有|没|无|不用|不需要|没有照片|没有图片|没图|不上传|暂时没有|先跳过)$/u.test(answer)) return true;
  return /^(?:skip|skip it|skip this|pass|none|no|n\/a|no photos?|no pictures?|no files?|i don'?t have (?:one|any)|nothing)$/u.test(answer);
}

/** "都不是", "none of these": none of the offered options fits. */
export function isNoneOfThese(text: string): boolean {
  const answer = core(text);
  if (/^(?:都不是|都不对|都不|以上都不是|不是这些|没有我要的|都没有|都不是的|不是)$/u.test(answer)) return true;
  return /^(?:none|none of (?:these|those|them|the above)|neither|neither of them|no|nope|not these|not any of these)$/u.test(answer);
}

const humanZh = /转人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|真人|活人|客服人员|人工$|^人工/u;
const humanEn =
  /\b(?:human|real person|live (?:agent|person|chat)|representative|customer service agent|(?:an? |your |speak to (?:an? )?|talk to (?:an? )?)agent|operator|someone real|(?:talk|speak|chat) (?:to|with) (?:a |an actual |a real )?(?:person|someone))\b/u;

/**
 * Keyword fallback for "let me talk to a person" (转人工, 人工, 真人, human
 * please, agent), so a handoff request works even when the classifier misses.
 *
 * @example asksForHuman('转人工') // true
 * @example asksForHuman('can I talk to a human please') // true
 */
export function asksForHuman(text: string): boolean {
  const answer = cleanAnswer(text);
  if (humanZh.test(answer.replace(/\s+/g, ''))) return !/人工智能/u.test(answer);
  return humanEn.test(answer) || /^agent(?: please)?$/u.test(answer);
}

const enStop = new Set(
  'a an the i me my you your we it is are was be do does did to of for in on at and or what how when where why which can could would will please about with this that one'.split(
    ' ',
  ),
);

/** Comparable terms: Chinese character bigrams and English words (plural `s` dropped, stop words out). */
export function terms(text: string): Set<string> {
  const clean = cleanAnswer(text);
  const out = new Set<string>();
  for (const run of clean.match(/\p{Script=Han}+/gu) ?? []) {
    if (run.length === 1) out.add(run);
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  for (const word of clean.match(/[a-z0-9]+/g) ?? []) {
    if (!enStop.has(word)) out.add(word.length > 3 ? word.replace(/(?:es|s)$/u, '') : word);
  }
  return out;
}

/** How many terms two texts share ("退货的那个" and "如何退货？" share 退货). */
export function sharedTerms(a: string, b: string): number {
  const left = terms(a);
  let count = 0;
  for (const t of terms(b)) if (left.has(t)) count++;
  return count;
}

/**
 * Which of a "did you mean" list a reply names by its words, when it clearly
 * names one: it shares most of its terms (or two) with that label and more
 * than with any other, or it is a short reply ("退货的那个", "the refund
 * one"). A long new question that merely shares a word ("I want to return
 * something" vs "Who pays for return shipping?") is not a pick.
 *
 * @example pickByOverlap('the refund one', ['How long does a return take?', 'How long does a refund take?']) // 1
 */
export function pickByOverlap(text: string, labels: readonly string[]): number | undefined {
  const overlaps = labels.map((label) => sharedTerms(text, label));
  const best = Math.max(0, ...overlaps);
  if (best === 0 || overlaps.filter((o) => o === best).length > 1) return undefined;
  const strong = best >= 2 || best * 2 >= terms(text).size || [...cleanAnswer(text).replace(/\s+/g, '')].length <= 6;
  return strong ? overlaps.indexOf(best) : undefined;
}

type Choice = Extract<FlowSlot, { type: 'choice' }>['choices'][number];

/** The choice picked by number, label (either language) or synonym; undefined when none or several fit. */
export function matchChoice(choices: readonly Choice[], text: string): string | undefined {
  const index = parseOrdinal(text, choices.length);
  if (index !== undefined) return choices[index]?.value;
  const answer = cleanAnswer(text);
  if (!answer) return undefined;
  const words = (c: Choice) => [c.label['zh-CN'], c.label.en, c.value, ...c.synonyms].map(cleanAnswer).filter(Boolean);
  const exact = choices.filter((c) => words(c).includes(answer) || words(c).includes(core(text)));
  if (exact.length === 1) return exact[0]?.value;
  const loose = choices.filter((c) => words(c).some((w) => (w.length >= 2 && answer.includes(w)) || (answer.length >= 2 && w.includes(answer))));
  return loose.length === 1 ? loose[0]?.value : undefined;
}

function compile(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function asJson(value: unknown): JsonValue | undefined {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as JsonValue;
  if (typeof value === 'object') {
    try {
      return JSON.parse(JSON.stringify(value)) as JsonValue;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * An entity slot's value: the first entity of the slot's type whose text or
 * value fits the optional pattern, else a pattern match in the raw text
 * (when the extractor missed a workspace-specific format).
 */
export function entityValue(slot: Extract<FlowSlot, { type: 'entity' }>, answer: Pick<SlotAnswer, 'text' | 'entities'>): SlotCheck {
  const re = compile(slot.pattern);
  for (const entity of answer.entities) {
    if (entity.type !== slot.entity) continue;
    const shown = typeof entity.value === 'string' || typeof entity.value === 'number' ? String(entity.value) : entity.text;
    if (re && !re.test(entity.text) && !re.test(shown)) continue;
    return { ok: true, value: asJson(entity.value) ?? entity.text };
  }
  const raw = re?.exec(answer.text.trim());
  return raw ? { ok: true, value: raw[0] } : { ok: false };
}

function checkOwnType(slot: FlowSlot, answer: SlotAnswer): SlotCheck {
  switch (slot.type) {
    case 'entity':
      return entityValue(slot, answer);
    case 'text': {
      const text = answer.text.trim();
      return text.length >= slot.minLength && text.length <= slot.maxLength ? { ok: true, value: text } : { ok: false };
    }
    case 'choice': {
      const value = matchChoice(slot.choices, answer.text);
      return value === undefined ? { ok: false } : { ok: true, value };
    }
    case 'yes_no': {
      const yn = parseYesNo(answer.text);
      return yn ? { ok: true, value: yn === 'yes' } : { ok: false };
    }
    case 'attachment':
      return answer.attachments > 0 ? { ok: true, value: answer.attachments } : { ok: false };
  }
}

/**
 * Validates an answer for a slot. An optional slot also accepts skip words
 * ("跳过", "没有", "skip", "no photo") as `null`.
 *
 * @example validateSlot(reasonSlot, { text: '2', entities: [], attachments: 0 }) // { ok: true, value: 'wrong_size' }
 */
export function validateSlot(slot: FlowSlot, answer: SlotAnswer): SlotCheck {
  const own = checkOwnType(slot, answer);
  if (own.ok) return own;
  return slot.optional && isSkip(answer.text) ? { ok: true, value: null } : own;
}

/** A slot value as the customer should read it: choice label, 是/否, "2 个文件", "未提供". */
export function formatSlotValue(slot: FlowSlot | undefined, value: SlotValue | undefined, locale: FlowLocale): string {
  if (value === null || value === undefined) return botLine('not_provided', locale);
  if (slot?.type === 'choice') return slot.choices.find((c) => c.value === value)?.label[locale] ?? String(value);
  if (slot?.type === 'yes_no' || typeof value === 'boolean') return botLine(value ? 'yes' : 'no', locale);
  if (slot?.type === 'attachment') return botLine('files', locale).replace('{n}', String(value));
  if (typeof value === 'object' && !Array.isArray(value) && 'amount' in value)
    return `${String(value.amount)} ${String(value.currency ?? '')}`.trim();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Replaces `{name}` placeholders; names not in `values` stay as they are so a
 * later step can fill them (e.g. `{request_number}`).
 *
 * @example renderTemplate('订单 {order_number} 已受理', { order_number: 'E123' }) // '订单 E123 已受理'
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z][a-z0-9_]*)\}/g, (whole, name: string) => values[name] ?? whole);
}
