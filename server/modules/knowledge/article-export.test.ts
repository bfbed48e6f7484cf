import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/factories.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu } from '../../test/harness.ts';

let kefu: TestKefu;
beforeAll(async () => {
  kefu = await buildTestKefu();
});
afterAll(() => kefu?.close());

const articles = [
  { locale: 'zh-CN', slug: 'returns', title: '退货政策', body: '## 退货条件\n\n签收 7 天内。', category: ['售后', '退货'], status: 'published' },
  { locale: 'en', slug: 'returns', title: 'Return policy', body: '## Conditions\n\nWithin 7 days.', category: ['After-sales'], status: 'published' },
  { locale: 'zh-CN', slug: 'x3-manual', title: 'X3 耳机手册', body: '## 充电\n\n放回充电盒。', category: [], status: 'draft' },
];

describe('article export', () => {
  it('is the Markdown folder the import reads: importing it into another workspace gives the same articles and export', async () => {
    const source = await createTestWorkspace(kefu, 'Export Source');
    for (const a of articles) expect((await call(kefu, 'POST', '/api/v1/knowledge/articles', source.tokens.operator, a)).status).toBe(201);

    const zip = await kefu.app.inject({ method: 'GET', url: '/api/v1/knowledge/exports/articles', headers: bearer(source.tokens.agent) });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(zip.rawPayload))).map(([path, bytes]) => [path, strFromU8(bytes)]));
    expect(Object.keys(files).sort()).toEqual(['en/After-sales/returns.md', 'zh-CN/x3-manual.md', 'zh-CN/售后/退货/returns.md']);
    expect(files['zh-CN/售后/退货/returns.md']).toBe('# 退货政策\n\n## 退货条件\n\n签收 7 天内。\n');

    const json = await call(kefu, 'GET', '/api/v1/knowledge/exports/articles?format=json&status=published', source.tokens.agent);
    expect(json.body.files).toHaveLength(2);

    const target = await createTestWorkspace(kefu, 'Export Target');
    const all = await call(kefu, 'GET', '/api/v1/knowledge/exports/articles?format=json', source.tokens.agent);
    const imported = await call(kefu, 'POST', '/api/v1/knowledge/articles/import', target.tokens.operator, {
      files: all.body.files,
      status: 'published',
    });
    expect(imported.status, imported.raw).toBe(200);
    const again = await call(kefu, 'GET', '/api/v1/knowledge/exports/articles?format=json', target.tokens.agent);
    expect(again.body.files).toEqual(all.body.files);
    const zh = await call(kefu, 'GET', '/api/v1/knowledge/articles?locale=zh-CN&q=returns', target.tokens.agent);
    const en = await call(kefu, 'GET', '/api/v1/knowledge/articles?locale=en&q=returns', target.tokens.agent);
    expect(zh.body.items[0].key).toBe(en.body.items[0].key);
  });
});
