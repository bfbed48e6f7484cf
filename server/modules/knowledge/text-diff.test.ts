import { describe, expect, it } from 'vitest';
import { diffList, diffText, diffTokens, type DiffPart } from './text-diff.ts';

const render = (parts: DiffPart[]) => parts.map((p) => (p.op === 'equal' ? p.text : p.op === 'insert' ? `[+${p.text}]` : `[-${p.text}]`)).join('');
const side = (parts: DiffPart[], keep: 'insert' | 'delete') =>
  parts
    .filter((p) => p.op !== (keep === 'insert' ? 'delete' : 'insert'))
    .map((p) => p.text)
    .join('');

describe('diffText', () => {
  it.each([
    ['one Chinese character changed', '退货运费由买家承担', '退货运费由卖家承担', '退货运费由[-买][+卖]家承担'],
    ['Chinese words inserted', '七天无理由退货', '签收后七天内无理由退货', '[+签收后]七天[+内]无理由退货'],
    ['an English word replaced', 'Refunds take 3 days.', 'Refunds take 5 days.', 'Refunds take [-3][+5] days.'],
    ['a whole word, not letters', 'ship tomorrow', 'shop tomorrow', '[-ship][+shop] tomorrow'],
    ['mixed scripts', '运费 12 元 per order', '运费 15 元 per order', '运费 [-12][+15] 元 per order'],
    ['a line added', 'a\nb', 'a\nb\nc', 'a\nb[+\nc]'],
    ['nothing changed', '不变', '不变', '不变'],
    ['from empty', '', '新答案', '[+新答案]'],
  ])('%s', (_name, before, after, expected) => {
    const parts = diffText(before, after);
    expect(render(parts)).toBe(expected);
    expect(side(parts, 'delete')).toBe(before);
    expect(side(parts, 'insert')).toBe(after);
  });

  it('cuts CJK text into characters and other text into words', () => {
    expect(diffTokens('X3耳机 charge不进')).toEqual(['X3', '耳', '机', ' ', 'charge', '不', '进']);
  });

  it('still gives both sides when the texts have nothing in common and are long', () => {
    const before = '甲'.repeat(3000);
    const after = '乙'.repeat(3000);
    const parts = diffText(before, after);
    expect(side(parts, 'delete')).toBe(before);
    expect(side(parts, 'insert')).toBe(after);
  });
});

describe('diffList', () => {
  it('names added and removed items', () => {
    expect(diffList(['退货', '退款'], ['退款', '换货'])).toEqual({ added: ['换货'], removed: ['退货'] });
  });
});
