import { describe, expect, it } from 'vitest';
import { splitPassages } from '../nlu/passages.ts';
import { readDemoArticles } from './articles.ts';

describe('demo articles', () => {
  const files = readDemoArticles();

  it('come in both languages, one file name (the slug) per article', () => {
    const slugs = (locale: string) =>
      files
        .filter((f) => f.path.startsWith(`${locale}/`))
        .map((f) => f.path.split('/').at(-1))
        .sort();
    expect(slugs('zh-CN').length).toBeGreaterThanOrEqual(2);
    expect(slugs('en')).toEqual(slugs('zh-CN'));
  });

  it.each(readDemoArticles().map((f) => [f.path, f.markdown]))('%s has a title and sections the bot can quote', (_path, markdown) => {
    expect(markdown).toMatch(/^# \S/);
    const passages = splitPassages(markdown);
    expect(passages.filter((p) => p.anchor).length).toBeGreaterThanOrEqual(4);
    for (const p of passages) expect(p.text.length).toBeLessThanOrEqual(600);
  });
});
