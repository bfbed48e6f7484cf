import type { GraphData, GraphEntity } from './graph-catalogue.ts';
import { createTextAnalyzer, normalizeText, stemEn, type TextAnalyzer } from './text.ts';

/**
 * Entity linking and relation cues for the knowledge graph: which graph
 * entities a question names, and whether it asks about a fault, a policy or
 * the models of a product. Pure; built once per trained bot.
 */

export type GraphCue = 'fault' | 'policy' | 'models';

/** Words that say what the customer asks about, zh and en (matched on normalised text). */
const CUES: Record<GraphCue, RegExp> = {
  fault:
    /怎么办|咋办|如何解决|怎么解决|怎么处理|怎么回事|坏了|故障|不能用|没反应|不了|不进|不上|what (?:should|can|do) i do|how (?:do|can|to) (?:i )?(?:fix|solve)|won't|wont|doesn't|does not|not working|stopped|keeps?|broken|problem|issue|fault/u,
  policy: /保修|质保|保障|政策|规定|无理由|退换|warranty|guarantee|policy|policies|no[- ]reason|return window/u,
  models: /型号|有哪些|哪几款|几款|哪些款|什么款|版本|\bmodels?\b|\bversions?\b|which (?:ones|kinds)/u,
};

/** Aliases longer than this many tokens are not looked for (no surface form is that long). */
const MAX_ALIAS_TOKENS = 8;

export interface GraphIndex {
  readonly data: GraphData;
  readonly entities: ReadonlyMap<string, GraphEntity>;
  /** Outgoing and incoming relations per entity id. */
  readonly out: ReadonlyMap<string, GraphData['relations']>;
  readonly in: ReadonlyMap<string, GraphData['relations']>;
  /** Tokens of a text with every alias kept whole (jieba plus the aliases as workspace words). */
  tokenize(text: string): string[];
  /** Entities named in a text, longest match first wins; an alias shared by several entities links all of them. */
  link(text: string): GraphEntity[];
  /** The relation cues a text carries. */
  cues(text: string): Set<GraphCue>;
  /** Content words of a text or alias, stemmed, for matching faults by their words. */
  contentWords(text: string): Set<string>;
}

/** Spaces do not separate words in Chinese: "X3 耳机" and "X3耳机" are one surface form. */
const compact = (s: string) => s.replace(/\s+/g, '');

function surfaceForms(entity: GraphEntity): string[] {
  return [entity.name['zh-CN'], entity.name.en, ...entity.aliases].filter((s) => s.trim().length > 0);
}

/**
 * Index a workspace's graph for linking. Aliases and names are given to the
 * tokenizer as workspace words, so jieba keeps them whole; a form split by a
 * space ("X3 耳机") is still found by joining neighbouring tokens.
 *
 * @example buildGraphIndex(graph).link('X3 耳机充不进电怎么办').map((e) => e.type) // ['product', 'fault']
 */
export function buildGraphIndex(data: GraphData, dictionary: { word: string }[] = []): GraphIndex {
  const entities = new Map(data.entities.map((e) => [e.id, e]));
  const byForm = new Map<string, GraphEntity[]>();
  const words: { word: string }[] = [...dictionary];
  for (const entity of data.entities) {
    for (const form of new Set(surfaceForms(entity).map(normalizeText))) {
      const key = compact(form);
      byForm.set(key, [...(byForm.get(key) ?? []), entity]);
      words.push({ word: form });
    }
  }
  const out = new Map<string, GraphData['relations']>();
  const incoming = new Map<string, GraphData['relations']>();
  for (const r of data.relations) {
    out.set(r.fromId, [...(out.get(r.fromId) ?? []), r]);
    incoming.set(r.toId, [...(incoming.get(r.toId) ?? []), r]);
  }
  const analyzer: TextAnalyzer = createTextAnalyzer(words);
  const tokenize = (text: string) => analyzer.tokenize(normalizeText(text));
  // Words are compared without the aliases kept whole, so "保修多久" and "一年保修" meet at "保修".
  const plain = createTextAnalyzer(dictionary);
  return {
    data,
    entities,
    out,
    in: incoming,
    tokenize,
    link: (text) => linkTokens(tokenize(text), byForm),
    cues(text) {
      const normalized = normalizeText(text);
      return new Set((Object.keys(CUES) as GraphCue[]).filter((cue) => CUES[cue].test(normalized)));
    },
    contentWords: (text) => contentWords(plain.tokenize(normalizeText(text))),
  };
}

/** Leftmost-longest runs of tokens that spell a surface form. */
function linkTokens(tokens: string[], byForm: Map<string, GraphEntity[]>): GraphEntity[] {
  const found = new Map<string, GraphEntity>();
  for (let i = 0; i < tokens.length;) {
    let hit: { end: number; entities: GraphEntity[] } | undefined;
    let joined = '';
    for (let j = i; j < Math.min(tokens.length, i + MAX_ALIAS_TOKENS); j++) {
      joined += compact(tokens[j]!);
      const entities = byForm.get(joined);
      if (entities) hit = { end: j + 1, entities };
    }
    for (const e of hit?.entities ?? []) found.set(e.id, e);
    i = hit ? hit.end : i + 1;
  }
  return [...found.values()];
}

const STOP = new Set(
  'the a an my your it its is are was be to of on in and or not my me i you with for do does did can could how what why when this that keep keeps'.split(
    ' ',
  ),
);
const HAN = /\p{Script=Han}/u;

/** Chinese words of two or more characters and English stems of three or more letters, minus function words. */
function contentWords(tokens: string[]): Set<string> {
  const out = new Set<string>();
  for (const token of tokens) {
    if (HAN.test(token)) {
      if ([...token].length >= 2) out.add(token);
    } else if (!STOP.has(token)) {
      const stem = stemEn(token);
      if (stem.length >= 3) out.add(stem);
    }
  }
  return out;
}
