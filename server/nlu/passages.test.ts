import { describe, expect, it } from 'vitest';
import { renderArticleHtml } from '../modules/knowledge/article-render.ts';
import { sentencesOf, slugify, splitPassages } from './passages.ts';

describe('slugify', () => {
  it.each([
    ['退货条件', '退货条件'],
    ['1. 退货条件（7 天）', '1-退货条件-7-天'],
    ['Return window (7 days)', 'return-window-7-days'],
    ['ＸＳ３ 耳机', 'xs3-耳机'],
    ['  What is in the box?  ', 'what-is-in-the-box'],
    ['!!!', ''],
  ])('%s → %s', (text, slug) => expect(slugify(text)).toBe(slug));
});

describe('sentencesOf', () => {
  it.each([
    ['签收后7天内可以退货。质量问题15天换货！真的吗？好的', ['签收后7天内可以退货。', '质量问题15天换货！', '真的吗？', '好的']],
    ['他说：“好。”然后走了。', ['他说：“好。”', '然后走了。']],
    ['Returns are free. Version 1.5 is out? Yes!', ['Returns are free. ', 'Version 1.5 is out? ', 'Yes!']],
  ])('%s', (text, sentences) => expect(sentencesOf(text)).toEqual(sentences));
});

const zhManual = `# X3 使用手册

开箱前请阅读本手册。

## 指示灯说明

### 充电时

- 红色常亮：正在充电；
- 绿色常亮：已经充满。

### 开盖时

1. 白色闪烁：配对模式；
2. 琥珀色闪烁 3 次：已重置。

## 清洁与保养

请用**干燥的软布**清洁触点，不要用[酒精](https://example.com)。![示意图](/img.png)

## 清洁与保养

| 部件 | 方法 |
| --- | --- |
| 耳塞套 | 清水冲洗 |
`;

const enPolicy = `# Return policy

## 7-day returns

Unused items can be returned within 7 days.

### Exceptions

Opened earphones cannot be returned.

## Refunds

\`\`\`
REFUND-CODE 42
\`\`\`
`;

describe('splitPassages', () => {
  it.each([
    {
      name: 'zh: intro, h2 and h3 sections, lists, marks, links and images as plain text, a repeated heading',
      markdown: zhManual,
      passages: [
        { anchor: '', headings: [], text: '开箱前请阅读本手册。' },
        { anchor: '充电时', headings: ['指示灯说明', '充电时'], text: '- 红色常亮：正在充电；\n- 绿色常亮：已经充满。' },
        { anchor: '开盖时', headings: ['指示灯说明', '开盖时'], text: '1. 白色闪烁：配对模式；\n2. 琥珀色闪烁 3 次：已重置。' },
        { anchor: '清洁与保养', headings: ['清洁与保养'], text: '请用干燥的软布清洁触点，不要用酒精。' },
        { anchor: '清洁与保养-2', headings: ['清洁与保养'], text: '部件 | 方法\n耳塞套 | 清水冲洗' },
      ],
    },
    {
      name: 'en: an h3 under its h2, code kept',
      markdown: enPolicy,
      passages: [
        { anchor: '7-day-returns', headings: ['7-day returns'], text: 'Unused items can be returned within 7 days.' },
        { anchor: 'exceptions', headings: ['7-day returns', 'Exceptions'], text: 'Opened earphones cannot be returned.' },
        { anchor: 'refunds', headings: ['Refunds'], text: 'REFUND-CODE 42' },
      ],
    },
    { name: 'nothing but a title', markdown: '# Title only\n', passages: [] },
  ])('$name', ({ markdown, passages }) => {
    expect(splitPassages(markdown).map(({ anchor, headings, text }) => ({ anchor, headings, text }))).toEqual(passages);
  });

  it.each([
    ['zh', `## 长章节\n\n${'这是一句关于退货政策的说明，内容比较长。'.repeat(100)}`, /。$/],
    ['en', `## Long section\n\n${'This sentence explains one part of the return policy in detail. '.repeat(40)}`, /\.$/],
  ])('cuts a long %s section between sentences into passages of about 300–600 characters', (_lang, markdown, end) => {
    const passages = splitPassages(markdown);
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) {
      expect(p.text.length).toBeLessThanOrEqual(600);
      expect(p.text.length).toBeGreaterThanOrEqual(150);
      expect(p.text).toMatch(end);
      expect(p.anchor).toBe(passages[0]!.anchor);
    }
    expect(passages.map((p) => p.index)).toEqual(passages.map((_, i) => i));
  });

  it('cuts one sentence longer than the limit at a comma', () => {
    const [first, second] = splitPassages(`## 超长\n\n${'退货需要保留原包装，'.repeat(80)}结束。`);
    expect(first!.text.length).toBeLessThanOrEqual(600);
    expect(first!.text).toMatch(/，$/);
    expect(second).toBeDefined();
  });

  it('gives each heading of the rendered page the id its passages link to', () => {
    const html = renderArticleHtml(zhManual);
    for (const p of splitPassages(zhManual).filter((p) => p.anchor)) expect(html).toContain(`id="${p.anchor}"`);
  });
});

describe('renderArticleHtml', () => {
  it.each([
    ['raw HTML is text', '<script>alert(1)</script>', /&lt;script&gt;/],
    ['javascript: links are not links', '[x](javascript:alert(1))', /^<p>\[x\]\(javascript:alert\(1\)\)<\/p>/],
    ['data: images are not images', '![alt](data:image/png;base64,AAAA)', /^<p>!\[alt\]\(data:image\/png;base64,AAAA\)<\/p>/],
    ['external links get rel', '[x](https://example.com)', /<a href="https:\/\/example.com" rel="nofollow noopener noreferrer">x<\/a>/],
    [
      'same-site images load lazily',
      '![图](/api/v1/knowledge/images/wsp_1/att_1)',
      /<img src="\/api\/v1\/knowledge\/images\/wsp_1\/att_1" alt="图" loading="lazy">/,
    ],
  ])('%s', (_name, markdown, html) => expect(renderArticleHtml(markdown)).toMatch(html));
});
