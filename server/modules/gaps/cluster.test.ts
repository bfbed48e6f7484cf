import { describe, expect, it } from 'vitest';
import { clusterTexts, mostCentral } from './cluster.ts';
import { cosine, fitVectorizer } from './vectors.ts';

/** Groups as sets of texts, so the assertions read like what an editor would see. */
function groupsOf(texts: string[]): string[][] {
  return clusterTexts(texts).map((members) => members.map((i) => texts[i]!).sort());
}

const zh = {
  invoice: ['怎么开发票', '发票怎么开？', '我想开个电子发票', '能开增值税发票吗', '开发票要提供什么'],
  abroad: ['你们能寄到国外吗', '可以发货到国外吗？', '支持寄到国外吗', '国外能买吗，寄到美国'],
  battery: ['耳机电池能用多久', '耳机电池续航多久'],
};
const en = {
  invoice: ['How do I get an invoice?', 'can you send me an invoice', 'I need a VAT invoice for my order', 'where is the invoice for my purchase'],
  abroad: [
    'Do you ship internationally?',
    'can you ship to Canada or abroad',
    'do you offer international shipping?',
    'is international delivery available',
  ],
  gift: ['Can I add a gift wrap?', 'do you offer gift wrapping'],
};

describe('grouping same-meaning questions', () => {
  it.each([
    ['zh-CN', zh],
    ['en', en],
  ])('puts %s questions about the same thing together and keeps different things apart', (_locale, topics) => {
    const texts = Object.values(topics).flat();
    const groups = groupsOf(texts);
    for (const questions of Object.values(topics)) expect(groups).toContainEqual([...questions].sort());
    expect(groups).toHaveLength(Object.keys(topics).length);
  });

  it('does not depend on the order the questions came in', () => {
    const texts = [...zh.invoice, ...zh.abroad, ...en.abroad];
    const forward = groupsOf(texts)
      .map((g) => g.join('|'))
      .sort();
    const backward = groupsOf([...texts].reverse())
      .map((g) => g.join('|'))
      .sort();
    expect(backward).toEqual(forward);
  });

  it('leaves a lone question alone and ignores texts without words', () => {
    const groups = clusterTexts(['怎么开发票', '发票怎么开', '你们的客服电话是多少', '???']);
    expect(groups).toEqual([[expect.any(Number), expect.any(Number)], [2]]);
  });

  it('picks as representative the question closest to all the others', () => {
    const texts = ['怎么开发票', '发票怎么开', '电子发票怎么开', '开发票'];
    const v = fitVectorizer(texts);
    const at = mostCentral(texts.map((t) => v.vector(t)));
    expect(['发票怎么开', '怎么开发票', '电子发票怎么开']).toContain(texts[at]);
    expect(cosine(v.vector('怎么开发票'), v.vector('发票怎么开'))).toBeGreaterThan(cosine(v.vector('怎么开发票'), v.vector('退款多久到账')));
  });
});
