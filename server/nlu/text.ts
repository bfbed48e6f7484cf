import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Lang, NluMessage } from './types.ts';

/** Zh when a third of the letters are CJK ideographs, else en. */
export function detectLang(text: string): Lang {
  const cjk = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[a-z]/gi)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= latin ? 'zh' : 'en';
}

/** Full-width → half-width, lower case, collapsed spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface TextAnalyzer {
  analyze(text: string, lang?: Lang): Pick<NluMessage, 'text' | 'lang' | 'normalized' | 'tokens' | 'entities'>;
}

let base: Jieba | null = null;

/** A tokenizer for one workspace: jieba with its domain words for Chinese, word tokens for English. */
export function createTextAnalyzer(dictionary: { word: string }[] = []): TextAnalyzer {
  base ??= Jieba.withDict(dict);
  const jieba = dictionary.length ? Jieba.withDict(dict) : base;
  if (dictionary.length) jieba.loadDict(Buffer.from(dictionary.map((d) => `${d.word} 1000000`).join('\n')));
  return {
    analyze(text, lang) {
      const normalized = normalizeText(text);
      const detected = lang ?? detectLang(normalized);
      const tokens = jieba.cut(normalized, false).filter((t) => /[\p{L}\p{N}]/u.test(t));
      return { text, lang: detected, normalized, tokens, entities: [] };
    },
  };
}
