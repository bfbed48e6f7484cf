import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;

const page = async (url: string) => {
  const res = await kefu.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body };
};

const article = (w: TestWorkspace, body: object) => call(kefu, 'POST', '/api/v1/knowledge/articles', w.tokens.admin, body);

const policy = `# 退货政策

签收后 7 天内可无理由退货。

## 退货条件

商品完好、配件齐全。<script>alert(1)</script>

## 退款时效

审核通过后 1–3 个工作日原路退回。[联系我们](javascript:alert(1))
`;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu, 'Article Shop');
  other = await createTestWorkspace(kefu, 'Other Article Shop');
  await article(ws, { locale: 'zh-CN', slug: 'return-policy', title: '退货政策', body: policy, category: ['售后'], status: 'published' });
  await article(ws, { locale: 'en', slug: 'return-policy', title: 'Return policy', body: '# Return policy\n\nWithin 7 days.', status: 'published' });
  await article(ws, { locale: 'zh-CN', slug: 'secret-plan', title: '未发布', body: '草稿内容', status: 'draft' });
  await article(other, { locale: 'zh-CN', slug: 'other-policy', title: '别家政策', body: '别家', status: 'published' });
});

afterAll(() => kefu?.close());

describe('help center article pages', () => {
  it('shows a published article with its table of contents, anchors, translations and safe HTML', async () => {
    const res = await page(`/help/${ws.slug}/articles/return-policy?lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>退货政策');
    expect(res.body).toMatch(/<h2 id="退货条件">退货条件<\/h2>/);
    expect(res.body).toMatch(/<a href="#退款时效">退款时效<\/a>/);
    expect(res.body).toMatch(/hreflang="en"[^>]*articles\/return-policy\?lang=en|articles\/return-policy\?lang=en"[^>]*hreflang="en"/);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).not.toMatch(/href="javascript:/i);
  });

  it('drafts and other workspaces’ articles are not found; the sitemap lists published articles only', async () => {
    expect((await page(`/help/${ws.slug}/articles/secret-plan?lang=zh-CN`)).status).toBe(404);
    expect((await page(`/help/${ws.slug}/articles/other-policy?lang=zh-CN`)).status).toBe(404);
    const sitemap = await page(`/help/${ws.slug}/sitemap.xml`);
    expect(sitemap.body).toContain('/articles/return-policy');
    expect(sitemap.body).not.toContain('secret-plan');
    expect(sitemap.body).not.toContain('other-policy');
  });
});
