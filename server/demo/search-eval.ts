import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BotContent, Brain } from '../modules/bot/index.ts';
import { loadDemoContent } from './content.ts';

const locales = ['zh-CN', 'en'] as const;
type Locale = (typeof locales)[number];

const evalSetSchema = z.object({
  'zh-CN': z.array(z.object({ question: z.string().min(1), key: z.string().min(1) })),
  en: z.array(z.object({ question: z.string().min(1), key: z.string().min(1) })),
});
export type SearchEvalSet = z.infer<typeof evalSetSchema>;

/** The hit@1 test set: real-style customer questions with the demo FAQ key that answers each (search-eval.json). */
export function loadSearchEvalSet(): SearchEvalSet {
  return evalSetSchema.parse(JSON.parse(readFileSync(new URL('./search-eval.json', import.meta.url), 'utf8')));
}

/** The demo workspace's bot content as the database would hand it to `buildBrain`. */
export function demoBotContent(): BotContent {
  const c = loadDemoContent();
  return {
    intents: c.intents.map((i) => ({
      name: i.name,
      examples: i.examples,
      response: i.response ?? null,
      action: i.action,
      description: i.description,
    })),
    flows: c.flows.map((f) => ({ name: f.name, definition: f })),
    faqs: c.faqs.flatMap((f) =>
      locales.map((locale) => ({
        key: f.key,
        locale,
        question: f[locale].question,
        similar: f[locale].similar,
        answer: f[locale].answer,
        shortAnswer: f[locale].short ?? null,
        status: 'published',
      })),
    ),
    dictionary: c.dictionary,
  } as unknown as BotContent;
}

export interface SearchEvalScore {
  count: number;
  hit1: number;
  hit3: number;
  /** Questions whose key was not first: what came first instead. */
  misses: { question: string; expected: string; got: string | undefined }[];
}

/**
 * hit@1 and hit@3 per locale of the bot's FAQ ranking (`brain.understand`:
 * retriever fused with the intent classifier, language detected as for a
 * customer) on the test set.
 * @example evaluateSearch(buildBrain(demoBotContent()), loadSearchEvalSet())['zh-CN'].hit1 // 0.9…
 */
export function evaluateSearch(brain: Pick<Brain, 'understand'>, set: SearchEvalSet): Record<Locale, SearchEvalScore> {
  const score = (locale: Locale): SearchEvalScore => {
    const misses: SearchEvalScore['misses'] = [];
    let hit1 = 0;
    let hit3 = 0;
    for (const { question, key } of set[locale]) {
      const ranked = (brain.understand(question).faq ?? []).map((c) => c.faqId);
      if (ranked[0] === key) hit1++;
      else misses.push({ question, expected: key, got: ranked[0] });
      if (ranked.slice(0, 3).includes(key)) hit3++;
    }
    const n = set[locale].length || 1;
    return { count: set[locale].length, hit1: hit1 / n, hit3: hit3 / n, misses };
  };
  return { 'zh-CN': score('zh-CN'), en: score('en') };
}
