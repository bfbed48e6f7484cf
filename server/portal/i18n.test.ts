import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './i18n.ts';

describe('negotiateLocale', () => {
  it.each([
    ['en', undefined, ['zh-CN', 'en'], 'zh-CN', 'en'],
    [undefined, 'en-GB,en;q=0.8', ['zh-CN', 'en'], 'zh-CN', 'en'],
    [undefined, 'fr;q=1,zh-TW;q=0.7,en;q=0.5', ['zh-CN', 'en'], 'en', 'zh-CN'],
    [undefined, 'en;q=0', ['zh-CN', 'en'], 'zh-CN', 'zh-CN'],
    [undefined, undefined, ['zh-CN', 'en'], 'en', 'en'],
    ['en', 'en', ['zh-CN'], 'zh-CN', 'zh-CN'],
    ['de', 'de', ['zh-CN', 'en'], 'de', 'zh-CN'],
  ])('lang=%s accept=%s offered=%j default=%s → %s', (lang, accept, available, fallback, expected) => {
    expect(negotiateLocale(lang, accept, available, fallback)).toBe(expected);
  });
});
