import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWidgetInbox } from '../channels/widget/test-client.ts';
import { call, expectError } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { addFaqs, shopFaqs } from './portal-test-kit.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;
let inboxId: string;

const page = async (url: string, headers: Record<string, string> = {}) => {
  const res = await kefu.app.inject({ method: 'GET', url, headers });
  // Compare markup, not the formatter's line breaks: `<br />` as `<br>`, no whitespace between tags.
  const body = res.body.replace(/\s*\/>/g, '>').replace(/>\s+</g, '><');
  return { status: res.statusCode, body, headers: res.headers };
};

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu, 'Test Shop');
  other = await createTestWorkspace(kefu, 'Other Shop');
  await addFaqs(kefu, ws, shopFaqs);
  await addFaqs(kefu, other, [
    { key: 'other-refund', locale: 'zh-CN', question: '别家的退款多久到账？', answer: '别家的答案。', category: ['别家'] },
  ]);
  // A widget that only another site may embed is skipped; the open one is used.
  await createWidgetInbox(kefu, ws.tokens.admin, { allowedOrigins: ['https://shop.example.com'] });
  inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
});

afterAll(() => kefu?.close());

describe('help center pages', () => {
  it('home: title, SEO tags, the category tree, popular items, the language switch and the chat widget', async () => {
    const res = await page(`/help/${ws.slug}?lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('<title>Test Shop 帮助中心</title>');
    expect(res.body).toMatch(/<meta name="description" content="[^"]+">/);
    expect(res.body).toContain(`<link rel="canonical" href="http://localhost:80/help/${ws.slug}?lang=zh-CN">`);
    expect(res.body).toContain(`<link rel="alternate" hreflang="en" href="http://localhost:80/help/${ws.slug}?lang=en">`);
    expect(res.body).toContain('<meta property="og:title"');
    expect(res.body).toContain(`href="/help/${ws.slug}/categories/${encodeURIComponent('售后服务')}?lang=zh-CN">售后服务</a>`);
    expect(res.body).toContain('退款多久到账？');
    expect(res.body).toContain(`<a class="lang" href="/help/${ws.slug}?lang=en" hreflang="en" lang="en">English</a>`);
    expect(res.body).toContain(`<script src="/widget/kefu-widget.js" data-inbox="${inboxId}" data-locale="zh-CN" async></script>`);
  });

  it('picks the language from ?lang=, then Accept-Language, then the workspace default', async () => {
    expect((await page(`/help/${ws.slug}?lang=en`)).body).toContain('<html lang="en">');
    expect((await page(`/help/${ws.slug}`, { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' })).body).toContain('<title>Test Shop Help Center</title>');
    expect((await page(`/help/${ws.slug}`, { 'accept-language': 'zh-TW,zh;q=0.9' })).body).toContain('<html lang="zh-CN">');
    expect((await page(`/help/${ws.slug}`, { 'accept-language': 'fr-FR' })).body).toContain('<html lang="zh-CN">');
    expect((await page(`/help/${ws.slug}?lang=xx`)).status).toBe(200);
  });

  it('FAQ item: answer in paragraphs, hreflang between translations, breadcrumb, related items', async () => {
    const zh = await page(`/help/${ws.slug}/faq/refund-time?lang=zh-CN`);
    expect(zh.status).toBe(200);
    expect(zh.body).toContain('<h1>退款多久到账？</h1>');
    expect(zh.body).toContain('<p>审核通过后 1–3 个工作日原路退回。</p><p>信用卡可能需要 7 天。</p>');
    expect(zh.body).toContain(`<link rel="alternate" hreflang="en" href="http://localhost:80/help/${ws.slug}/faq/refund-time?lang=en">`);
    expect(zh.body).toContain('aria-label="breadcrumb"');
    expect(zh.body).toContain('"@type":"FAQPage"');
    const en = await page(`/help/${ws.slug}/faq/refund-time?lang=en`);
    expect(en.body).toContain('<h1>How long does a refund take?</h1>');
    expect(en.body).toContain('Was this helpful?');
    // Only in Chinese: shown in Chinese on the English page, marked as such.
    const fallback = await page(`/help/${ws.slug}/faq/shipping-fee?lang=en`);
    expect(fallback.body).toContain('<article lang="zh-CN">');
  });

  it('category pages list what is filed there and below', async () => {
    const res = await page(`/help/${ws.slug}/categories/${encodeURIComponent('售后服务')}?lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<h1>售后服务</h1>');
    expect(res.body).toContain('退款多久到账？');
    expect(res.body).toContain('怎么开发票？');
    expect(res.body).not.toContain('运费怎么算？');
    const deeper = await page(`/help/${ws.slug}/categories/${encodeURIComponent('售后服务')}/${encodeURIComponent('退货退款')}?lang=zh-CN`);
    expect(deeper.body).toContain('退款多久到账？');
    expect(deeper.body).not.toContain('怎么开发票？');
    expect(deeper.body).toContain(`hreflang="en" href="http://localhost:80/help/${ws.slug}/categories/After-sales/Returns%20%26%20refunds?lang=en"`);
  });

  it('never lets item text become markup', async () => {
    const res = await page(`/help/${ws.slug}/faq/markup?lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<h1>&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;标签测试</h1>');
    expect(res.body).toContain('&quot;&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &lt;b&gt;粗体&lt;/b&gt; &amp; 更多');
    expect(res.body).not.toMatch(/<script>alert|<img|<b>粗体|<i>分类/);
    // Inside JSON-LD too: no "</script>" can close the block early.
    const jsonLd = res.body.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]!;
    expect(jsonLd).not.toContain('<');
    const home = await page(`/help/${ws.slug}?lang=zh-CN`);
    expect(home.body).toContain('&lt;i&gt;分类&lt;/i&gt;');
    const search = await page(`/help/${ws.slug}/search?q=${encodeURIComponent('"><script>alert(2)</script>')}&lang=zh-CN`);
    expect(search.body).not.toContain('<script>alert(2)');
    expect(search.body).toContain('value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
  });

  it('404s for unknown workspaces, unknown items, drafts and other tenants’ items', async () => {
    for (const url of [
      '/help/no-such-shop',
      '/help/no-such-shop/faq/refund-time',
      `/help/${ws.slug}/faq/nope`,
      `/help/${ws.slug}/faq/secret-plan`,
      `/help/${ws.slug}/faq/other-refund`,
      `/help/${other.slug}/faq/refund-time`,
      `/help/${ws.slug}/categories/nope`,
      `/help/${ws.slug}/articles/anything`,
      `/help/${ws.slug}/not/a/page`,
    ]) {
      const res = await page(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
    }
    const known = await page(`/help/${ws.slug}/faq/nope?lang=en`);
    expect(known.body).toContain('Page not found');
    expect(known.body).toContain('noindex');
    const home = await page(`/help/${ws.slug}?lang=zh-CN`);
    expect(home.body).not.toContain('双十一');
    expect(home.body).not.toContain('别家');
  });

  it('search results page works without JavaScript', async () => {
    const res = await page(`/help/${ws.slug}/search?q=${encodeURIComponent('钱什么时候退回来')}&lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<ol class="items cards results"><li><a href="\/help\/[^"]+\/faq\/refund-time\?lang=zh-CN">退款多久到账？<\/a>/);
    expect(res.body).toContain('noindex');
    const none = await page(`/help/${ws.slug}/search?q=${encodeURIComponent('量子力学')}&lang=zh-CN`);
    expect(none.body).toContain('没有找到相关内容');
  });

  it('sitemap.xml and robots.txt per workspace', async () => {
    const sitemap = await page(`/help/${ws.slug}/sitemap.xml`);
    expect(sitemap.status).toBe(200);
    expect(sitemap.headers['content-type']).toContain('application/xml');
    expect(sitemap.body).toContain(`<loc>http://localhost:80/help/${ws.slug}/faq/refund-time?lang=zh-CN</loc>`);
    expect(sitemap.body).toContain(`<xhtml:link rel="alternate" hreflang="en" href="http://localhost:80/help/${ws.slug}/faq/refund-time?lang=en">`);
    expect(sitemap.body).not.toContain('secret-plan');
    expect(sitemap.body).not.toContain('other-refund');
    const robots = await page(`/help/${ws.slug}/robots.txt`);
    expect(robots.body).toContain(`Sitemap: http://localhost:80/help/${ws.slug}/sitemap.xml`);
    expect(robots.body).toContain(`Disallow: /help/${ws.slug}/search`);
  });

  it('serves its stylesheet and script', async () => {
    const css = await page('/help/_assets/help.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect((await page('/help/_assets/help.js')).headers['content-type']).toContain('javascript');
    expect((await page('/help/_assets/nope.js')).status).toBe(404);
  });
});

describe('public search API', () => {
  it('answers natural-language questions with the bot’s retriever, in the page language', async () => {
    const res = await call(kefu, 'GET', `/api/v1/public/help/${ws.slug}/search?q=${encodeURIComponent('钱多久能退回来啊')}&lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      key: 'refund-time',
      locale: 'zh-CN',
      question: '退款多久到账？',
      snippet: expect.stringContaining('1–3 个工作日'),
      url: `/help/${ws.slug}/faq/refund-time?lang=zh-CN`,
    });
    const en = await call(kefu, 'GET', `/api/v1/public/help/${ws.slug}/search?q=${encodeURIComponent('when do I get my money back')}&lang=en`);
    expect(en.body.items[0]).toMatchObject({ key: 'refund-time', locale: 'en', question: 'How long does a refund take?' });
  });

  it('never returns drafts or other tenants’ items, and checks its input', async () => {
    const drafts = await call(kefu, 'GET', `/api/v1/public/help/${ws.slug}/search?q=${encodeURIComponent('双十一活动方案')}`);
    expect(drafts.body.items.map((i: { key: string }) => i.key)).not.toContain('secret-plan');
    const others = await call(kefu, 'GET', `/api/v1/public/help/${other.slug}/search?q=${encodeURIComponent('退款多久到账')}`);
    expect(others.body.items.map((i: { key: string }) => i.key)).toEqual(['other-refund']);
    expectError(await call(kefu, 'GET', `/api/v1/public/help/${ws.slug}/search`), 'validation_failed');
    expectError(await call(kefu, 'GET', `/api/v1/public/help/no-such-shop/search?q=x`), 'not_found');
  });
});
