import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f00000000049454e44ae426082',
  'hex',
);

describe('knowledge articles API', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  const base = '/api/v1/knowledge/articles';

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
  });
  afterAll(() => kefu.close());

  const create = (token: string, body: Record<string, unknown>) => call(kefu, 'POST', base, token, body);

  it('creates, reads, changes and deletes an article, each change audited', async () => {
    const created = await create(ws.tokens.operator, {
      locale: 'zh-CN',
      title: '退换货政策',
      body: '## 退货条件\n签收 7 天内。',
      category: ['售后服务', '退货退款'],
      tags: ['policy'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: '退换货政策', status: 'draft', locale: 'zh-CN', updatedBy: ws.users.operator.id });
    expect(created.body.id).toMatch(/^art_/);
    const id = created.body.id as string;

    const patched = await call(kefu, 'PATCH', `${base}/${id}`, ws.tokens.admin, { status: 'published', slug: 'return-policy' });
    expect(patched.body).toMatchObject({ status: 'published', slug: 'return-policy', updatedBy: ws.users.admin.id });
    expect((await call(kefu, 'GET', `${base}/${id}`, ws.tokens.agent)).body.body).toContain('退货条件');

    const audit = await auditEvents(kefu, ws.tokens.admin, { targetId: id });
    expect(audit.map((a) => a.action).sort()).toEqual(['article.created', 'article.updated']);

    expect((await call(kefu, 'DELETE', `${base}/${id}`, ws.tokens.operator)).status).toBe(204);
    expectError(await call(kefu, 'GET', `${base}/${id}`, ws.tokens.admin), 'not_found');
    expect((await auditEvents(kefu, ws.tokens.admin, { targetId: id })).map((a) => a.action)).toContain('article.deleted');
  });

  it('keeps workspaces apart', async () => {
    const mine = (await create(ws.tokens.admin, { locale: 'en', title: 'Private manual', body: 'Only ours.' })).body;
    expectError(await call(kefu, 'GET', `${base}/${mine.id}`, other.tokens.admin), 'not_found');
    expectError(await call(kefu, 'PATCH', `${base}/${mine.id}`, other.tokens.admin, { title: 'Hijacked' }), 'not_found');
    expectError(await call(kefu, 'DELETE', `${base}/${mine.id}`, other.tokens.admin), 'not_found');
    const theirs = await call(kefu, 'GET', base, other.tokens.admin);
    expect(theirs.body.items.map((a: { id: string }) => a.id)).not.toContain(mine.id);
    // The same slug is free in another workspace.
    expect((await create(other.tokens.admin, { locale: 'en', title: 'Private manual', body: 'Theirs.' })).status).toBe(201);
  });

  it('lets agents read but not write', async () => {
    expectError(await create(ws.tokens.agent, { locale: 'en', title: 'Agent note', body: 'x' }), 'forbidden');
    expect((await call(kefu, 'GET', base, ws.tokens.agent)).status).toBe(200);
  });

  it('answers bad input with a 4xx and a stable code', async () => {
    expectError(await create(ws.tokens.admin, { locale: 'fr', title: 'x', body: 'x' }), 'validation_failed');
    expectError(await create(ws.tokens.admin, { locale: 'en', title: '', body: 'x' }), 'validation_failed');
    expectError(await create(ws.tokens.admin, { locale: 'en', title: 'x', body: 'x', slug: 'Not A Slug' }), 'validation_failed');
    expectError(await create(ws.tokens.admin, { locale: 'en', title: 'x', body: 'x', category: ['a', 'b', 'c', 'd'] }), 'validation_failed');
    expectError(await create(ws.tokens.admin, { locale: 'en', title: 'x', body: 'x', extra: true }), 'validation_failed');
    expectError(await call(kefu, 'GET', `${base}/faq_00000000000000000000000000`, ws.tokens.admin), 'validation_failed');
    expectError(await call(kefu, 'GET', `${base}?cursor=bogus`, ws.tokens.admin), 'validation_failed');
    await create(ws.tokens.admin, { locale: 'en', title: 'Shipping guide', body: 'x' });
    expectError(await create(ws.tokens.admin, { locale: 'en', title: 'Shipping guide', body: 'y' }), 'slug_taken');
    // The same slug in the other locale is another address.
    expect((await create(ws.tokens.admin, { locale: 'zh-CN', title: 'x', slug: 'shipping-guide', body: 'y' })).status).toBe(201);
  });

  it('lists with filters and keyset pages, newest first', async () => {
    const shop = await createTestWorkspace(kefu, 'List Shop');
    for (const [i, category] of [['售后服务', '退货退款'], ['售后服务', '保修'], ['X3耳机']].entries()) {
      await create(shop.tokens.admin, {
        locale: 'zh-CN',
        title: `文章 ${i}`,
        body: 'x',
        category,
        status: i === 2 ? 'published' : 'draft',
        tags: i ? [] : ['hot'],
      });
    }
    await create(shop.tokens.admin, { locale: 'en', title: 'English one', body: 'x' });
    const titles = async (query: string) =>
      (await call(kefu, 'GET', `${base}?${query}`, shop.tokens.agent)).body.items.map((a: { title: string }) => a.title);
    expect(await titles('locale=zh-CN')).toEqual(['文章 2', '文章 1', '文章 0']);
    expect(await titles(`category=${encodeURIComponent('售后服务')}`)).toEqual(['文章 1', '文章 0']);
    expect(await titles(`category=${encodeURIComponent('售后服务/保修')}`)).toEqual(['文章 1']);
    expect(await titles('status=published')).toEqual(['文章 2']);
    expect(await titles('tag=hot')).toEqual(['文章 0']);
    expect(await titles('q=english')).toEqual(['English one']);
    const first = (await call(kefu, 'GET', `${base}?limit=3`, shop.tokens.agent)).body;
    expect(first.items).toHaveLength(3);
    expect(first.items[0]).not.toHaveProperty('body');
    const second = (await call(kefu, 'GET', `${base}?limit=3&cursor=${first.nextCursor}`, shop.tokens.agent)).body;
    expect(second.items.map((a: { title: string }) => a.title)).toEqual(['文章 0']);
    expect(second.nextCursor).toBeNull();
  });

  it('previews Markdown as safe HTML with heading ids that match the passages', async () => {
    const body = '## 退货 条件\n签收 7 天内 [ok](https://example.com) [bad](javascript:alert(1)) <script>x</script>\n\n### Details';
    const res = await call(kefu, 'POST', `${base}/preview`, ws.tokens.agent, { body });
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('<h2 id="退货-条件">');
    expect(res.body.html).toContain('href="https://example.com" rel="nofollow noopener noreferrer"');
    expect(res.body.html).not.toMatch(/href="javascript|<script>/);
    expect(res.body.passages.map((p: { anchor: string }) => p.anchor)).toEqual(['退货-条件']);
  });

  describe('Markdown-folder import', () => {
    const files = [
      { path: 'zh-CN/售后服务/退货退款/return-policy.md', markdown: '# 退换货政策\n\n## 退货条件\n签收 7 天内。' },
      { path: 'en/After-sales/Returns/return-policy.md', markdown: '# Return policy\n\n## Conditions\nWithin 7 days.' },
      { path: 'manuals/x3.md', markdown: '## No title heading\nText.' },
    ];
    const importing = (token: string, payload: Record<string, unknown>) => call(kefu, 'POST', `${base}/import`, token, payload);

    it('previews without writing, then imports all files with folders as categories and links translations', async () => {
      const shop = await createTestWorkspace(kefu, 'Import Shop');
      const preview = await importing(shop.tokens.operator, { files, dryRun: true });
      expect(preview.body).toMatchObject({ dryRun: true, created: 3, updated: 0, errors: [] });
      expect((await call(kefu, 'GET', base, shop.tokens.admin)).body.items).toHaveLength(0);

      const done = await importing(shop.tokens.operator, { files, status: 'published' });
      expect(done.body).toMatchObject({ dryRun: false, created: 3, updated: 0 });
      const items = (await call(kefu, 'GET', base, shop.tokens.admin)).body.items as {
        title: string;
        category: string[];
        locale: string;
        key: string;
        slug: string;
      }[];
      const zh = items.find((a) => a.title === '退换货政策')!;
      const en = items.find((a) => a.title === 'Return policy')!;
      expect(zh).toMatchObject({ locale: 'zh-CN', category: ['售后服务', '退货退款'], slug: 'return-policy' });
      expect(en).toMatchObject({ locale: 'en', category: ['After-sales', 'Returns'] });
      expect(en.key).toBe(zh.key);
      expect(items.find((a) => a.slug === 'x3')).toMatchObject({ title: 'x3', locale: 'zh-CN', category: ['manuals'] });
      const full = (await call(kefu, 'GET', `${base}/${(zh as unknown as { id: string }).id}`, shop.tokens.admin)).body;
      expect(full.body).not.toContain('# 退换货政策');

      const again = await importing(shop.tokens.operator, { files: files.slice(0, 1), dryRun: true });
      expect(again.body).toMatchObject({ created: 0, updated: 1 });
    });

    it('reports each bad file and writes nothing when one is bad', async () => {
      const shop = await createTestWorkspace(kefu, 'Bad Import Shop');
      const bad = [
        ...files,
        { path: 'a/b/c/d/deep.md', markdown: '# Deep\ntext' },
        { path: 'notes.txt', markdown: 'plain' },
        { path: 'empty.md', markdown: '# Only a title' },
        { path: 'other/return-policy.md', markdown: '# Dup\ntext' },
      ];
      const preview = await importing(shop.tokens.admin, { files: bad, dryRun: true });
      expect(preview.body.errors.map((e: { path: string }) => e.path)).toEqual([
        'a/b/c/d/deep.md',
        'notes.txt',
        'empty.md',
        'other/return-policy.md',
      ]);
      const failed = expectError(await importing(shop.tokens.admin, { files: bad }), 'import_invalid');
      expect(failed.error.details).toHaveLength(4);
      expect((await call(kefu, 'GET', base, shop.tokens.admin)).body.items).toHaveLength(0);
      expectError(await importing(shop.tokens.agent, { files }), 'forbidden');
      expectError(await importing(shop.tokens.admin, { files: [] }), 'validation_failed');
    });
  });

  describe('images', () => {
    const upload = (token: string, data: Buffer, type = 'image/png') =>
      kefu.app.inject({
        method: 'POST',
        url: '/api/v1/knowledge/images',
        headers: { ...bearer(token), 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent('图 1.png'), 'x-file-type': type },
        payload: data,
      });

    it('serves an image publicly only while a published article links to it', async () => {
      const res = await upload(ws.tokens.operator, PNG);
      expect(res.statusCode).toBe(201);
      const image = res.json() as { id: string; url: string; markdown: string };
      expect(image.markdown).toBe(`![图 1](${image.url})`);
      expect((await kefu.app.inject({ method: 'GET', url: image.url })).statusCode).toBe(404);
      const signedIn = (token: string) => kefu.app.inject({ method: 'GET', url: `/api/v1/knowledge/images/${image.id}`, headers: bearer(token) });
      // Editors see what they just uploaded; readers only once an article links it.
      expect((await signedIn(ws.tokens.operator)).statusCode).toBe(200);
      expect((await signedIn(ws.tokens.agent)).statusCode).toBe(404);

      const article = (await create(ws.tokens.operator, { locale: 'zh-CN', title: '带图文章', body: `## 外观\n${image.markdown}` })).body;
      expect((await signedIn(ws.tokens.agent)).statusCode).toBe(200);
      expect((await kefu.app.inject({ method: 'GET', url: image.url })).statusCode).toBe(404);
      await call(kefu, 'PATCH', `${base}/${article.id}`, ws.tokens.operator, { status: 'published' });
      const shown = await kefu.app.inject({ method: 'GET', url: image.url });
      expect(shown.statusCode).toBe(200);
      expect(shown.headers['content-type']).toBe('image/png');
      expect(shown.rawPayload.equals(PNG)).toBe(true);
      // Another workspace's address for the same image does not serve it.
      expect((await kefu.app.inject({ method: 'GET', url: image.url.replace(ws.id, other.id) })).statusCode).toBe(404);
      await call(kefu, 'PATCH', `${base}/${article.id}`, ws.tokens.operator, { status: 'archived' });
      expect((await kefu.app.inject({ method: 'GET', url: image.url })).statusCode).toBe(404);
    });

    it('refuses files that are not images, and agents', async () => {
      expect((await upload(ws.tokens.admin, Buffer.from('%PDF-1.4'), 'application/pdf')).json().error.code).toBe('validation_failed');
      expect((await upload(ws.tokens.agent, PNG)).statusCode).toBe(403);
    });
  });
});
