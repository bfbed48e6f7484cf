import { describe, expect, it } from 'vitest';
import { accumulate, accumulateRare, addDeferred, buildBm25Index, countTerms, createAccumulator, resetAccumulator, type Bm25Params } from './bm25.ts';

/** Scores every document for a query, by document index. */
function scores(documents: string[][], query: string[], params?: Bm25Params): { byDoc: number[]; self: number } {
  const index = buildBm25Index(documents, params);
  const acc = createAccumulator(index.docCount);
  const self = accumulate(index, countTerms(query), acc);
  const byDoc = Array.from(acc.scores);
  resetAccumulator(acc);
  return { byDoc, self };
}

const shop = [
  ['退款', '多久', '到账'],
  ['怎么', '退款'],
  ['怎么', '修改', '地址'],
  ['怎么', '开', '发票'],
];

describe('bm25', () => {
  it.each([
    ['a rare term outweighs a common one', shop, ['怎么', '发票'], 3],
    ['more shared terms rank higher', shop, ['退款', '到账'], 0],
    ['documents without a shared term score nothing', shop, ['快递'], -1],
  ])('%s', (_, documents, query, best) => {
    const { byDoc } = scores(documents, query);
    const max = Math.max(...byDoc);
    expect(max > 0 ? byDoc.indexOf(max) : -1).toBe(best);
  });

  it('saturates term frequency: the tenth repeat adds less than the second', () => {
    const docs = [['a'], ['a', 'a'], Array(10).fill('a'), Array(11).fill('a'), ['b']];
    const { byDoc } = scores(docs, ['a'], { k1: 1.2, b: 0 });
    expect(byDoc[1]! - byDoc[0]!).toBeGreaterThan(byDoc[3]! - byDoc[2]!);
  });

  it.each([
    [0.75, 'longer documents score lower for the same match', true],
    [0, 'b = 0 ignores length', false],
  ])('b = %s: %s', (b, _, longerLower) => {
    const { byDoc } = scores([['a', 'x'], ['a', 'x', 'y', 'z', 'w', 'v'], ['q']], ['a'], { k1: 1.2, b });
    expect(byDoc[1]! < byDoc[0]!).toBe(longerLower);
    if (!longerLower) expect(byDoc[1]).toBeCloseTo(byDoc[0]!, 6);
  });

  it("a document's self-score is its score against its own text, and the query's self-score the same for the query", () => {
    const index = buildBm25Index(shop, { k1: 1.2, b: 0 });
    shop.forEach((doc, d) => {
      const acc = createAccumulator(index.docCount);
      const self = accumulate(index, countTerms(doc), acc);
      expect(acc.scores[d]).toBeCloseTo(index.selfScores[d]!, 5);
      expect(self).toBeCloseTo(index.selfScores[d]!, 5);
    });
  });

  it('counts a term no document has in the query self-score (an unknown word makes a match less complete)', () => {
    expect(scores(shop, ['退款', '快递']).self).toBeGreaterThan(scores(shop, ['退款']).self);
  });

  it('maps terms to ids and leaves the scratch space clean after reset', () => {
    const index = buildBm25Index(shop);
    expect(index.termId('退款')).toBeGreaterThanOrEqual(0);
    expect(index.termId('快递')).toBe(-1);
    const acc = createAccumulator(index.docCount);
    accumulate(index, countTerms(['怎么']), acc);
    expect(acc.count).toBe(3);
    resetAccumulator(acc);
    expect(acc.count).toBe(0);
    expect(Array.from(acc.scores).every((s) => s === 0)).toBe(true);
  });

  it.each([
    [3, '怎么 deferred', [1, 0, 1, 0, 1]],
    [10, 'nothing deferred', [1, 1, 1, 1, 1]],
  ])('deferring terms in more than %s documents (%s) gives found documents their full score and skips the rest', (maxDf, _, found) => {
    const docs = [
      ['怎么', '退款'],
      ['怎么', '修改', '地址'],
      ['退款', '多久', '到账'],
      ['怎么', '开', '发票'],
      ['怎么', '退款', '退款'],
    ];
    const query = countTerms(['怎么', '退款']);
    const index = buildBm25Index(docs);
    const full = createAccumulator(index.docCount);
    const fullSelf = accumulate(index, query, full);
    const acc = createAccumulator(index.docCount);
    const { self, deferred } = accumulateRare(index, query, acc, maxDf);
    const candidates = Int32Array.from(acc.touched.slice(0, acc.count));
    const marks = new Uint8Array(index.docCount);
    for (const d of candidates) marks[d] = 1;
    addDeferred(index, deferred, acc, candidates, candidates.length, marks);
    expect(self).toBeCloseTo(fullSelf, 6);
    for (let d = 0; d < docs.length; d++) {
      if (marks[d]) expect(acc.scores[d], `doc ${d}`).toBeCloseTo(full.scores[d]!, 6);
      else expect(acc.scores[d], `doc ${d}`).toBe(0);
    }
    expect(Array.from(marks)).toEqual(found);
  });

  it('handles an empty collection and empty documents', () => {
    expect(scores([], ['a']).byDoc).toEqual([]);
    expect(scores([[], ['a']], ['a']).byDoc[0]).toBe(0);
  });
});
