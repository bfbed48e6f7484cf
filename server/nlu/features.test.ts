import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, extractTerms, fitVectorizer } from './features.ts';
import { createTextAnalyzer } from './text.ts';

const analyzer = createTextAnalyzer();

describe('extractTerms', () => {
  it.each([
    ['english words are stemmed, with bigrams and word pairs', 'cards arrived', ['w1:card', 'w1:arriv', 'w2:card arriv', 'p:arriv card']],
    ['numbers collapse to one shape', 'order 123456', ['w1:order', 'w1:<num>']],
    ['english char n-grams stay inside padded words', 'pin', ['c: p', 'c:pin', 'c:pin ', 'c: pin ']],
    ['chinese gets words and char 1-3 grams', '退款', ['w1:退款', 'c:退', 'c:款', 'c:退款']],
  ])('%s', (_, text, expected) => {
    const [words, chars] = extractTerms(analyzer.analyze(text));
    const keys = [...words.keys(), ...chars.keys()];
    expect(keys).toEqual(expect.arrayContaining(expected));
  });

  it('keeps pairs within the window only', () => {
    const text = analyzer.analyze('alpha bravo charlie delta echo');
    const [near] = extractTerms(text, { ...DEFAULT_FEATURES, pairWindow: 1 });
    expect(near.has('p:alpha bravo')).toBe(true);
    expect(near.has('p:alpha charli')).toBe(false);
  });
});

describe('fitVectorizer', () => {
  const texts = ['where is my card', 'my card was declined', '我的卡被拒了'].map((t) => analyzer.analyze(t));
  const { vectorizer, rows } = fitVectorizer(texts);

  it('gives each text a unit-length row made of known terms', () => {
    for (const row of rows) {
      const norm = Math.sqrt(row.value.reduce((sum, v) => sum + v * v, 0));
      expect(norm).toBeCloseTo(1, 5);
      expect(new Set(row.index).size).toBe(row.index.length);
      expect(Math.max(...row.index)).toBeLessThan(vectorizer.size);
    }
  });

  it('transforms a training text to the row it was fitted with, and unknown words to nothing', () => {
    expect(vectorizer.transform(texts[1] as (typeof texts)[number])).toEqual(rows[1]);
    expect(vectorizer.transform(analyzer.analyze('qqq')).index.length).toBe(0);
  });
});
