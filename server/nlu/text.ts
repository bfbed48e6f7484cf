import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { traditionalToSimplified } from './han-variants.ts';
import type { Lang, NluMessage } from './types.ts';

/** One-to-one folds besides traditional → simplified: CJK punctuation to ASCII, full-width currency signs. */
const PUNCTUATION = '。.、,“"”"‘\'’\'「"」"『"』"【[】]〔[〕]《<》>〈<〉>—-–-\u3000 \u00a0 \uffe5¥\uffe1£\uffe0¢';
const PAIRS = [...PUNCTUATION.matchAll(/../gsu)].map(([pair]) => [pair[0]!, pair[1]!] as const);
const FOLD = new Map<string, string>([...traditionalToSimplified, ...PAIRS]);
const FOLDABLE = new RegExp(`[\\uff01-\\uff5e${[...FOLD.keys()].join('').replace(/[\\\]^-]/g, '\\$&')}]`, 'g');
const foldChar = (c: string) => FOLD.get(c) ?? String.fromCharCode(c.charCodeAt(0) - 0xfee0);

/**
 * Folds text without changing its length, so an offset into the result is an
 * offset into the input: full-width ASCII → half-width, traditional →
 * simplified (common characters), CJK punctuation → ASCII, lower case.
 * Entity extraction matches on this and reports offsets into the original.
 *
 * @example foldText('訂單ＤＳ２０２６，謝謝！') // '订单ds2026,谢谢!'
 */
export function foldText(text: string): string {
  const folded = text.replace(FOLDABLE, foldChar);
  const lower = folded.toLowerCase();
  if (lower.length === folded.length) return lower;
  return Array.from(folded, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join('');
}

/**
 * The `normalized` form of a message: NFKC, then {@link foldText}, spaces
 * collapsed and trimmed. Digits stay digits and Chinese numerals stay as
 * written (一下, 一直 are words); numerals are read by the entity parsers.
 *
 * @example normalizeText('  請問我的訂單ＤＳ２０２６  到了嗎？ ') // '请问我的订单ds2026 到了吗?'
 */
export function normalizeText(text: string): string {
  return foldText(text.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}

const HAN = /\p{Script=Han}/gu;
const LETTER_WORD = new RegExp(String.raw`[[\p{L}\p{M}]--\p{Script=Han}]+(?:'[\p{L}--\p{Script=Han}]+)?`, 'gv');
/** Characters that only a Chinese sentence frame uses: particles, pronouns, question words. */
const ZH_CUES = new Set('的了吗呢吧啊呀哦嘛么我你您他她它们是在有没不要想能会可请怎什哪这那就都也还和跟给把被到过');
const EN_CUES = new Set(
  (
    'i me my you your we our it is are was were am be been the a an to of in on for at from with and or not no yes do does did can could would will ' +
    "please how what where when why which who this that there have has had i'm don't can't didn't isn't it's hi hello thanks thank"
  ).split(' '),
);

/**
 * Zh or en for a customer message, robust to short and mixed text. When both
 * scripts appear, the sentence frame decides (Chinese particles and pronouns
 * against English function words), then the larger share (Han characters
 * against Latin words): "我的iPhone坏了" is zh, "Where is my 订单" is en.
 * Text with no letters at all (digits, emoji, punctuation) gets `fallback`:
 * zh by default, because Kefu's default locale is zh-CN and a bare number is
 * usually an order number or phone answering a Chinese prompt; callers that
 * know the conversation's language pass it instead.
 *
 * @example detectLang('iphone 15 多少钱') // 'zh'
 */
export function detectLang(text: string, fallback: Lang = 'zh'): Lang {
  let han = 0;
  let zhCues = 0;
  for (const [c] of text.matchAll(HAN)) {
    han++;
    if (ZH_CUES.has(c)) zhCues++;
  }
  const words = text.match(LETTER_WORD) ?? [];
  if (han === 0) return words.length ? 'en' : fallback;
  if (words.length === 0) return 'zh';
  const enCues = words.filter((w) => EN_CUES.has(w.toLowerCase())).length;
  if (zhCues !== enCues) return zhCues > enCues ? 'zh' : 'en';
  return han >= words.length ? 'zh' : 'en';
}

/**
 * A tiny English stemmer (plural, -ing, -ed, final e, -ll) so "orders",
 * "ordered" and "ordering" meet at "order", and "cancelled" at "cancel".
 * Deliberately small: it conflates a few unrelated words, never splits one.
 *
 * @example stemEn('cancelled') // 'cancel'
 */
export function stemEn(word: string): string {
  let w = word.toLowerCase().replace(/'s?$/, '');
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  w = stripVerbSuffix(stripPlural(w));
  if (w.length >= 6 && w.endsWith('ll')) return w.slice(0, -1);
  if (w.length >= 4 && w.endsWith('e') && !w.endsWith('ee')) return w.slice(0, -1);
  return w;
}

function stripPlural(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

function stripVerbSuffix(w: string): string {
  if (w.endsWith('eed')) return w;
  if (w.endsWith('ied') && w.length > 4) return `${w.slice(0, -3)}y`;
  const stem = /^(.+?)(?:ing|ed)$/.exec(w)?.[1];
  if (!stem || stem.length < 3 || !/[aeiouy]/.test(stem)) return w;
  return /([bdgmnprt])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

export interface PhraseMatch {
  start: number;
  end: number;
  /** The value given for the phrase that matched. */
  value: string;
}

export interface PhraseMatcher {
  readonly size: number;
  /** Leftmost-longest, non-overlapping matches in folded or normalised text. */
  find(text: string): PhraseMatch[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  value?: string;
}

const WORDISH = new RegExp(String.raw`[[\p{L}\p{N}]--\p{Script=Han}]`, 'v');
const isWordish = (c: string | undefined) => c !== undefined && WORDISH.test(c);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * A dictionary of phrases (domain words, product names) found in text by a
 * character trie. Phrases are normalised like message text, a space in a
 * phrase matches any run of whitespace, and a phrase that starts or ends with
 * a Latin letter or digit must do so at a word boundary ("pro" is not found
 * in "product"; "x3耳机" is found in "买了x3耳机").
 *
 * @example createPhraseMatcher([['iPhone 15', 'iPhone 15']]).find('我的iphone  15坏了') // [{ start: 2, end: 12, value: 'iPhone 15' }]
 */
export function createPhraseMatcher(entries: Iterable<readonly [phrase: string, value: string]>): PhraseMatcher {
  const root: TrieNode = { next: new Map() };
  let size = 0;
  for (const [phrase, value] of entries) {
    const key = normalizeText(phrase);
    if (!key) continue;
    let node = root;
    for (const c of key) {
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map() }));
      node = child;
    }
    if (node.value === undefined) size++;
    node.value ??= value;
  }
  return {
    size,
    find(text) {
      const out: PhraseMatch[] = [];
      for (let i = 0; i < text.length;) {
        const match = root.next.has(text[i]!) && !(isWordish(text[i]) && isWordish(text[i - 1])) ? longestAt(root, text, i) : undefined;
        if (match) out.push(match);
        i = match ? match.end : i + 1;
      }
      return out;
    },
  };
}

function longestAt(root: TrieNode, text: string, start: number): PhraseMatch | undefined {
  let node = root;
  let best: PhraseMatch | undefined;
  for (let j = start; j < text.length;) {
    const c = text[j]!;
    const child = node.next.get(isSpace(c) ? ' ' : c);
    if (!child) break;
    node = child;
    j++;
    while (isSpace(c) && isSpace(text[j])) j++;
    if (node.value !== undefined && !(isWordish(text[j - 1]) && isWordish(text[j]))) best = { start, end: j, value: node.value };
  }
  return best;
}

/**
 * A word outside Chinese: letters and digits, decimals and thousands kept
 * whole (15.50, 1,299), contractions kept whole (can't, i'm); punctuation is
 * not a word.
 */
const WORD = new RegExp(String.raw`[[\p{L}\p{M}\p{N}]--\p{Script=Han}]+(?:[.,]\p{N}+)*(?:'[\p{L}--\p{Script=Han}]+)*`, 'gv');

/*
 * One jieba for the process. Measured on this 2-core machine (bench/nlu-text.ts
 * prints it): `Jieba.withDict(dict)` takes 0.17–0.6 s and 45–50 MB of RSS per
 * instance, so an instance per workspace would cost ~5 GB for 100 workspaces.
 * `loadDict` is cheap (1–6 ms for 200 words) but additive and global to the
 * instance: words loaded for one workspace would change every other
 * workspace's segmentation, and can never be unloaded. So workspace words are
 * not given to jieba at all: a per-workspace phrase trie cuts them out of the
 * text first (leftmost-longest), and jieba segments what lies between. The
 * trade-off: a workspace word always wins where it occurs, instead of being
 * weighed against jieba's other paths — which is what loading it with a huge
 * frequency (the usual advice) does anyway.
 */
let sharedJieba: Jieba | undefined;

/** The process-wide jieba with the base dictionary, created on first use. */
export function getJieba(): Jieba {
  return (sharedJieba ??= Jieba.withDict(dict));
}

const HAS_HAN = /\p{Script=Han}/u;

/** Jieba cuts the whole text once (one native call); what it returns between Chinese words is re-cut as English words. */
function cutInto(text: string, jieba: Jieba, out: string[]): void {
  const pushWords = (part: string) => {
    for (const [word] of part.matchAll(WORD)) out.push(word);
  };
  if (!HAS_HAN.test(text)) return pushWords(text);
  let other = '';
  for (const token of jieba.cut(text, false)) {
    if (!HAS_HAN.test(token)) other += token;
    else {
      if (other) pushWords(other);
      other = '';
      out.push(token);
    }
  }
  if (other) pushWords(other);
}

export interface TextAnalyzer {
  analyze(text: string, lang?: Lang): Pick<NluMessage, 'text' | 'lang' | 'normalized' | 'tokens' | 'entities'>;
  /** Word tokens of already normalised text (see {@link normalizeText}). */
  tokenize(normalized: string): string[];
}

/**
 * The text layer for one workspace: normalises, detects the language when not
 * given, and tokenises — jieba for Chinese with the workspace's domain words
 * kept whole, word tokens for English, both in mixed text.
 *
 * @example createTextAnalyzer([{ word: 'X3耳机' }]).analyze('X3耳機壞了').tokens // ['x3耳机', '坏', '了']
 */
export function createTextAnalyzer(dictionary: { word: string }[] = []): TextAnalyzer {
  const jieba = getJieba();
  const domain = createPhraseMatcher(dictionary.map((d) => [d.word, normalizeText(d.word)] as const));
  const tokenize = (normalized: string): string[] => {
    const out: string[] = [];
    let last = 0;
    for (const match of domain.size ? domain.find(normalized) : []) {
      cutInto(normalized.slice(last, match.start), jieba, out);
      out.push(match.value);
      last = match.end;
    }
    cutInto(last ? normalized.slice(last) : normalized, jieba, out);
    return out;
  };
  return {
    tokenize,
    analyze(text, lang) {
      const normalized = normalizeText(text);
      return { text, lang: lang ?? detectLang(normalized), normalized, tokens: tokenize(normalized), entities: [] };
    },
  };
}
