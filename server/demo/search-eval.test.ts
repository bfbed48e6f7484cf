import { beforeAll, describe, expect, it } from 'vitest';
import { buildBrain } from '../modules/bot/index.ts';
import { demoBotContent, evaluateSearch, loadSearchEvalSet, type SearchEvalScore } from './search-eval.ts';

/**
 * Floors: measured when the set was written (bot ranking, `npm run bench:kb-eval`)
 * minus about five points, so a real regression fails and noise does not.
 * Measured: zh-CN hit@1 87.7 %, hit@3 98.5 %; en hit@1 90.8 %, hit@3 93.8 %.
 */
const FLOORS = { 'zh-CN': { hit1: 0.82, hit3: 0.93 }, en: { hit1: 0.85, hit3: 0.88 } } as const;

describe('demo knowledge base search quality', () => {
  let scores: Record<'zh-CN' | 'en', SearchEvalScore>;

  beforeAll(() => {
    scores = evaluateSearch(buildBrain(demoBotContent()), loadSearchEvalSet());
  }, 600_000); // training the demo bot takes seconds alone, minutes on a busy CI machine

  it('has a test set of about 60 questions per locale, each naming a demo FAQ item', () => {
    const keys = new Set(demoBotContent().faqs.map((f) => f.key));
    const set = loadSearchEvalSet();
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(set[locale].length).toBeGreaterThanOrEqual(60);
      expect(set[locale].filter((q) => !keys.has(q.key))).toEqual([]);
    }
  });

  it.each(['zh-CN', 'en'] as const)('finds the right answer first for most %s questions', (locale) => {
    expect(scores[locale].hit1, JSON.stringify(scores[locale].misses, null, 1)).toBeGreaterThanOrEqual(FLOORS[locale].hit1);
    expect(scores[locale].hit3).toBeGreaterThanOrEqual(FLOORS[locale].hit3);
  });
});
