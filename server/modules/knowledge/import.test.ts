import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError, sql } from '../../test/factories.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { brainFor } from '../bot/index.ts';

const IMPORTS = '/api/v1/knowledge/imports';

describe('FAQ import and export', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;

  /** Upload a file the way the console's `upload()` does. */
  async function upload(path: string, token: string, data: Buffer | string, filename = 'faq.csv') {
    const res = await kefu.app.inject({
      method: 'POST',
      url: path,
      headers: {
        ...bearer(token),
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent(filename),
        'x-file-type': 'text/csv',
      },
      payload: typeof data === 'string' ? Buffer.from(data, 'utf8') : data,
    });
    return { status: res.statusCode, body: res.body ? res.json() : null, raw: res.body };
  }

  async function exportFile(w: TestWorkspace, query: string) {
    const res = await kefu.app.inject({ method: 'GET', url: `/api/v1/knowledge/exports/faqs?${query}`, headers: bearer(w.tokens.agent) });
    expect(res.statusCode, res.body).toBe(200);
    return { data: res.rawPayload, type: res.headers['content-type'] };
  }

  const count = async (w: TestWorkspace) =>
    Number((await sql<{ n: string }>(kefu, 'select count(*) as n from faq_items where workspace_id = $1', [w.id]))[0]!.n);

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
  });
  afterAll(() => kefu.close());

  it('previews each row (create, update by key or by question, errors with row and column) without writing', async () => {
    const existing = await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, {
      key: 'shipping-time',
      locale: 'zh-CN',
      question: '多久发货？',
      answer: '48 小时内发货。',
    });
    expect(existing.status, existing.raw).toBe(201);
    const byQuestion = await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, {
      locale: 'en',
      question: 'Do you ship abroad?',
      answer: 'Not yet.',
    });
    const csv = [
      '\ufeff标准问题,相似问题,答案,分类,标签,语言,键,备注',
      '"怎么退款？","退款怎么弄|钱怎么退回来",原路退回，1–3 个工作日到账。,售后 > 退款 > 操作指引,"退款，售后",zh-CN,refund-how,x',
      '多久发货？,几天能发,24 小时内发货。,物流,,zh,shipping-time,',
      'Do you ship abroad?,"ship overseas\nint\'l shipping",Yes: to 30 countries.,Shipping / Abroad,,en,,',
      ',,没有问题的答案,,,zh-CN,,',
      '发票怎么开,,,,,fr,,',
      '怎么退款？,,重复的一行,,,zh-CN,,',
      '分类太深,,答,a>b>c>d,,zh-CN,Bad Key,',
    ].join('\r\n');
    const before = await count(ws);
    const res = await upload(`${IMPORTS}/preview`, ws.tokens.operator, csv);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      format: 'csv',
      encoding: 'utf-8-bom',
      ignoredColumns: ['备注'],
      counts: { rows: 7, create: 1, update: 2, error: 4 },
    });
    expect(res.body.columns).toMatchObject({ question: '标准问题', similar: '相似问题', key: '键' });
    const [refund, shipping, abroad, noQuestion, french, repeated, deep] = res.body.rows;
    expect(refund).toMatchObject({ row: 2, action: 'create', errors: [] });
    expect(shipping).toMatchObject({ row: 3, action: 'update', existingId: existing.body.id });
    expect(abroad).toMatchObject({ row: 4, action: 'update', existingId: byQuestion.body.id });
    expect(noQuestion).toMatchObject({ row: 5, action: 'error', errors: [{ column: 'question', header: '标准问题', code: 'required' }] });
    expect(french).toMatchObject({ row: 6, action: 'error', errors: [{ column: 'locale', header: '语言', code: 'unknown_locale' }] });
    expect(repeated.errors).toEqual([expect.objectContaining({ column: 'question', code: 'duplicate', message: expect.stringContaining('row 2') })]);
    expect(deep.errors.map((e: { column: string }) => e.column).sort()).toEqual(['category', 'key']);
    expect(await count(ws)).toBe(before);
  });

  it('commits good rows in one transaction, skips bad ones, audits once and retrains the bot', async () => {
    const csv = [
      'question,similar,answer,short answer,category,tags,locale,status',
      '从哪个仓库发货？,仓库在哪|在哪里发货；发货地是哪里,上海、北京、广州、成都四个仓库就近发货。,就近仓库发货。,物流>仓库,物流、仓库,中文,已发布',
      'Which warehouse ships my order?,where do you ship from,The nearest of our four warehouses.,,Shipping>Warehouses,shipping,en,draft',
      '坏行,,,,,,zh-CN,published',
    ].join('\n');
    const brain = await brainFor(kefu.ctx, ws.id);
    const res = await upload(IMPORTS, ws.tokens.operator, csv);
    expect(res.status, res.raw).toBe(201);
    expect(res.body.counts).toEqual({ rows: 3, created: 2, updated: 0, skipped: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 4, errors: [expect.objectContaining({ column: 'answer', code: 'required' })] })]);
    const [zh, en] = res.body.items;
    const item = await call(kefu, 'GET', `/api/v1/knowledge/faqs/${zh.id}`, ws.tokens.agent);
    expect(item.body).toMatchObject({
      locale: 'zh-CN',
      similar: ['仓库在哪', '在哪里发货', '发货地是哪里'],
      shortAnswer: '就近仓库发货。',
      category: ['物流', '仓库'],
      tags: ['物流', '仓库'],
      status: 'published',
    });
    expect((await call(kefu, 'GET', `/api/v1/knowledge/faqs/${en.id}`, ws.tokens.agent)).body).toMatchObject({ status: 'draft', shortAnswer: null });

    const audit = await auditEvents(kefu, ws.tokens.admin, { action: 'faq.imported' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'faq_import', after: { filename: 'faq.csv', created: 2, updated: 0, skipped: 1 } });

    let after = brain;
    for (let i = 0; i < 200 && after === brain; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await brainFor(kefu.ctx, ws.id);
    }
    expect(after.understand('你们的仓库在哪里发货').faq?.[0]?.faqId).toBe(zh.key);
  });

  it('writes nothing when the transaction fails midway', async () => {
    await sql(
      kefu,
      `create or replace function fail_import_test() returns trigger language plpgsql as $$
       begin if new.question = '触发失败' then raise exception 'simulated crash'; end if; return new; end $$`,
    );
    await sql(kefu, 'create trigger fail_import_test before insert or update on faq_items for each row execute function fail_import_test()');
    try {
      const before = await count(ws);
      const auditBefore = (await auditEvents(kefu, ws.tokens.admin, { action: 'faq.imported' })).length;
      const rows = Array.from({ length: 600 }, (_, i) => `批量问题 ${i},答案 ${i},zh-CN`);
      rows.splice(550, 0, '触发失败,答案,zh-CN'); // in the second insert chunk, after 500 rows went in
      const res = await upload(IMPORTS, ws.tokens.operator, ['question,answer,locale', ...rows].join('\n'));
      expectError(res, 'internal');
      expect(await count(ws)).toBe(before);
      expect(await auditEvents(kefu, ws.tokens.admin, { action: 'faq.imported' })).toHaveLength(auditBefore);
    } finally {
      await sql(kefu, 'drop trigger fail_import_test on faq_items');
    }
  });

  it('reads GBK CSV from Chinese Excel and XLSX workbooks', async () => {
    // 问题,答案,语言 / 怎么退款,原路退回,zh-CN as Chinese Excel saves "CSV (逗号分隔)"
    const gbk = Buffer.from('cecacce22cb4f0b0b82cd3efd1d40ad4f5c3b4cdcbbfee2cd4adc2b7cdcbbbd82c7a682d434e0a', 'hex');
    const csv = await upload(`${IMPORTS}/preview`, ws.tokens.operator, gbk);
    expect(csv.body).toMatchObject({ encoding: 'gb18030', rows: [{ action: 'create', values: { question: '怎么退款', answer: '原路退回' } }] });

    const xlsx = await writeXlsxFile([
      ['标准问题', '答案', '语言'],
      ['积分怎么用', '下单时抵扣', 'zh-CN'],
      [42, true, 'en'],
    ]).toBuffer();
    const res = await upload(`${IMPORTS}/preview`, ws.tokens.operator, xlsx, 'faq.xlsx');
    expect(res.body).toMatchObject({
      format: 'xlsx',
      counts: { create: 2 },
      rows: [{ values: { question: '积分怎么用' } }, { values: { question: '42', answer: 'true' } }],
    });
  });

  it('refuses what it cannot import with clear 4xx errors', async () => {
    expectError(await upload(`${IMPORTS}/preview`, ws.tokens.agent, 'question,answer,locale\na,b,en'), 'forbidden');
    expectError(await upload(`${IMPORTS}/preview`, ws.tokens.operator, ''), 'import_unreadable');
    expectError(await upload(`${IMPORTS}/preview`, ws.tokens.operator, 'question,locale\na,en'), 'import_unreadable');
    const quote = await upload(`${IMPORTS}/preview`, ws.tokens.operator, 'question,answer,locale\n"a,b,en');
    expect(expectError(quote, 'import_unreadable').error.details).toMatchObject({ reason: 'csv_syntax', line: 2 });
    expectError(await upload(`${IMPORTS}/preview`, ws.tokens.operator, Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'old.xls'), 'import_unsupported_file');
    const many = ['question,answer,locale', ...Array.from({ length: 5001 }, (_, i) => `q${i},a,en`)].join('\n');
    expectError(await upload(`${IMPORTS}/preview`, ws.tokens.operator, many), 'import_too_many_rows');
    expectError(await upload(`${IMPORTS}/preview`, ws.tokens.operator, Buffer.alloc(11 * 1024 * 1024, 'a')), 'body_too_large');
    const noHeader = await call(kefu, 'POST', `${IMPORTS}/preview`, ws.tokens.operator, { question: 'a' });
    expect(noHeader.status).toBeGreaterThanOrEqual(400);
    expect(noHeader.status).toBeLessThan(500);
  });

  it('exports CSV and XLSX that import back to the same items', async () => {
    const source = await createTestWorkspace(kefu, 'Export Source');
    const items = [
      {
        key: 'refund',
        locale: 'zh-CN',
        question: '怎么退款？',
        similar: ['退款, 怎么弄', '钱退 "原路" 吗'],
        answer: '原路退回。\n1–3 天到账。',
        shortAnswer: '原路退回',
        category: ['售后', '退款'],
        tags: ['退款', 'refund'],
      },
      {
        key: 'refund',
        locale: 'en',
        question: 'How do I get a refund?',
        similar: [],
        answer: 'To the original card.',
        category: ['After-sales'],
        tags: [],
        status: 'draft',
      },
      { key: 'points', locale: 'zh-CN', question: '积分怎么用', answer: ' 下单时抵扣 ', status: 'archived' },
    ];
    for (const item of items) expect((await call(kefu, 'POST', '/api/v1/knowledge/faqs', source.tokens.operator, item)).status).toBe(201);
    for (const format of ['csv', 'xlsx']) {
      const target = await createTestWorkspace(kefu, `Import Target ${format}`);
      const exported = await exportFile(source, `format=${format}`);
      const imported = await upload(IMPORTS, target.tokens.operator, exported.data, `faq.${format}`);
      expect(imported.body.counts, imported.raw).toEqual({ rows: 3, created: 3, updated: 0, skipped: 0 });
      expect((await exportFile(target, `format=csv`)).data.toString()).toBe((await exportFile(source, 'format=csv')).data.toString());
      const again = await upload(IMPORTS, target.tokens.operator, exported.data, `faq.${format}`);
      expect(again.body.counts).toEqual({ rows: 3, created: 0, updated: 3, skipped: 0 });
    }
    const zhOnly = (await exportFile(source, `locale=zh-CN&status=published&category=${encodeURIComponent('售后')}&headers=zh-CN`)).data.toString();
    expect(zhOnly.split('\r\n')[0]).toBe('\ufeff键,语言,状态,分类,标准问题,相似问题,答案,简短答案,标签');
    expect(zhOnly).toContain('怎么退款？');
    expect(zhOnly).not.toContain('积分怎么用');
    expect(zhOnly).not.toContain('How do I get a refund?');
  });

  it('an imported change to an existing item is a new version in its history, noted with the file', async () => {
    const ws = await createTestWorkspace(kefu, 'Import Versions');
    const made = await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, {
      key: 'ship',
      locale: 'zh-CN',
      question: '多久发货',
      answer: '48 小时内',
    });
    const csv = Buffer.from('key,locale,question,answer\nship,zh-CN,多久发货,24 小时内发货\n');
    expect((await upload(IMPORTS, ws.tokens.operator, csv, 'update.csv')).body.counts).toMatchObject({ updated: 1 });
    const versions = await call(kefu, 'GET', `/api/v1/knowledge/faqs/${made.body.id}/versions`, ws.tokens.operator);
    expect(versions.body.items[0]).toMatchObject({ version: 2, action: 'updated', changed: ['answer'], note: 'import: update.csv' });
    const rollback = await call(kefu, 'POST', `/api/v1/knowledge/faqs/${made.body.id}/rollback`, ws.tokens.operator, { version: 1 });
    expect(rollback.body.answer).toBe('48 小时内');
  });
});
