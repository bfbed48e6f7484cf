import { describe, expect, it } from 'vitest';
import { featureHashes, firstClause, type FeatureOptions } from './sentiment-features.ts';
import { normalizeText } from './text.ts';

const plain: FeatureOptions = { charNgrams: [1, 3], wordNgrams: 2, firstClause: 0, lexicon: false };

describe('firstClause', () => {
  it.each([
    ['房间很干净,就是有点吵', [0, 5]],
    ['失望。房间小,很吵', [0, 2]],
    ['房间很干净', null],
    ['好,房间很干净', null], // a one-character clause is not a clause: one left
    ['!!房间小!!很吵', [2, 5]],
  ] as const)('%s → %j', (text, span) => {
    expect(firstClause(normalizeText(text))).toEqual(span);
  });

  it('splits at full-width punctuation once it is normalised', () => {
    expect(firstClause(normalizeText('房间很干净，就是有点吵'))).toEqual([0, 5]);
  });
});

describe('featureHashes', () => {
  const tokens = ['不太', '满意'];

  it('has every character n-gram and word n-gram of the text', () => {
    // 不太满意: 4 + 3 + 2 character n-grams; 不太, 满意, 不太 满意
    expect(featureHashes('不太满意', tokens, plain)).toHaveLength(12);
    expect(new Set(featureHashes('不太满意', tokens, plain)).size).toBe(12);
  });

  it('keeps a character and the word spelled the same apart', () => {
    const char = featureHashes('好', [], plain);
    const word = featureHashes('', ['好'], plain);
    expect(char).toHaveLength(1);
    expect(word).toHaveLength(1);
    expect(char[0]).not.toBe(word[0]);
  });

  it('marks the first clause apart from the same words further on', () => {
    const text = '很好,不错';
    const without = featureHashes(text, ['很', '好', '不错'], plain);
    const marked = featureHashes(text, ['很', '好', '不错'], { ...plain, firstClause: 3 });
    const added = marked.slice(without.length);
    expect(added).toHaveLength(3); // 很, 好, 很好 of the first clause
    for (const hash of added) expect(without).not.toContain(hash);
  });

  it('adds the lexicon verdict when asked, and is the same on every call', () => {
    const options = { ...plain, lexicon: true };
    expect(featureHashes('不太满意', tokens, options).length).toBeGreaterThan(12);
    expect(featureHashes('不太满意', tokens, options)).toEqual(featureHashes('不太满意', tokens, options));
  });
});
