import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { insertFaqs } from './repo.ts';
import { faqRows } from './service.ts';

/** Version history of FAQ items: every change kept, shown, compared and undone. */
describe('FAQ item versions', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  const faqs = '/api/v1/knowledge/faqs';

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
  });
  afterAll(() => kefu.close());

  async function createItem(body: object = {}) {
    const res = await call(kefu, 'POST', faqs, ws.tokens.operator, {
      locale: 'zh-CN',
      question: '退货运费谁承担？',
      similar: ['退货邮费谁出'],
      answer: '质量问题退货运费由卖家承担。',
      category: ['售后', '退货'],
      tags: ['退货'],
      ...body,
    });
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: string; key: string; version: number };
  }

  it('keeps a version per change with who made it, diffs versions and rolls back as a new version', async () => {
    const item = await createItem();
    expect(item.version).toBe(1);
    const edited = await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { answer: '质量问题退货运费由买家承担。', note: '政策调整' });
    expect(edited.body).toMatchObject({ version: 2, similar: ['退货邮费谁出'], category: ['售后', '退货'], tags: ['退货'], status: 'published' });
    const archived = await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.admin, { status: 'archived' });
    expect(archived.body.version).toBe(3);
    // Nothing changed: no new version.
    expect((await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.admin, { status: 'archived' })).body.version).toBe(3);

    const versions = await call(kefu, 'GET', `${faqs}/${item.id}/versions`, ws.tokens.agent);
    expect(versions.body.items.map((v: { version: number; action: string }) => [v.version, v.action])).toEqual([
      [3, 'status_changed'],
      [2, 'updated'],
      [1, 'created'],
    ]);
    expect(versions.body.items[1]).toMatchObject({ changed: ['answer'], note: '政策调整', actor: { type: 'user', id: ws.users.operator.id } });
    expect(versions.body.items[0].actor.id).toBe(ws.users.admin.id);

    const first = await call(kefu, 'GET', `${faqs}/${item.id}/versions/1`, ws.tokens.agent);
    expect(first.body.snapshot).toMatchObject({ answer: '质量问题退货运费由卖家承担。', status: 'published' });

    const latest = await call(kefu, 'GET', `${faqs}/${item.id}/diff`, ws.tokens.agent);
    expect(latest.body.fields).toEqual([{ field: 'status', kind: 'value', before: 'published', after: 'archived' }]);
    const answerDiff = await call(kefu, 'GET', `${faqs}/${item.id}/diff?from=1&to=2`, ws.tokens.agent);
    expect(answerDiff.body.fields).toEqual([
      {
        field: 'answer',
        kind: 'text',
        parts: [
          { op: 'equal', text: '质量问题退货运费由' },
          { op: 'delete', text: '卖' },
          { op: 'insert', text: '买' },
          { op: 'equal', text: '家承担。' },
        ],
      },
    ]);

    const rolled = await call(kefu, 'POST', `${faqs}/${item.id}/rollback`, ws.tokens.operator, { version: 1 });
    expect(rolled.body).toMatchObject({ version: 4, answer: '质量问题退货运费由卖家承担。', status: 'published' });
    const newest = (await call(kefu, 'GET', `${faqs}/${item.id}/versions?limit=1`, ws.tokens.agent)).body.items;
    expect(newest).toEqual([expect.objectContaining({ version: 4, action: 'rolled_back', changed: ['answer', 'status'], note: 'v1' })]);
    const audit = await auditEvents(kefu, ws.tokens.admin, { targetId: item.id });
    expect(audit.map((a) => a.action)).toEqual(['faq.rolled_back', 'faq.updated', 'faq.updated', 'faq.created']);
    expect(audit[0]).toMatchObject({
      actorId: ws.users.operator.id,
      before: { answer: '质量问题退货运费由买家承担。', version: 3 },
      after: { version: 4 },
    });
  });

  it('refuses an edit made on an outdated version, and rollbacks to versions that do not exist', async () => {
    const item = await createItem({ key: 'stale-edit' });
    await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { question: '运费谁出？' });
    expectError(await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { answer: '新的', expectedVersion: 1 }), 'faq_version_conflict');
    expect((await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { answer: '新的', expectedVersion: 2 })).body.version).toBe(3);
    expectError(await call(kefu, 'POST', `${faqs}/${item.id}/rollback`, ws.tokens.operator, { version: 9 }), 'not_found');
    expectError(await call(kefu, 'GET', `${faqs}/${item.id}/versions/9`, ws.tokens.operator), 'not_found');
    expectError(await call(kefu, 'GET', `${faqs}/${item.id}/diff?from=abc`, ws.tokens.operator), 'validation_failed');
    expectError(await call(kefu, 'POST', `${faqs}/${item.id}/rollback`, ws.tokens.operator, { version: 0 }), 'validation_failed');
  });

  it('lets agents read the history but only editors roll back', async () => {
    const item = await createItem({ key: 'agent-history' });
    expect((await call(kefu, 'GET', `${faqs}/${item.id}/versions`, ws.tokens.agent)).status).toBe(200);
    expectError(await call(kefu, 'POST', `${faqs}/${item.id}/rollback`, ws.tokens.agent, { version: 1 }), 'forbidden');
  });

  it('gives items added in bulk (seed, import) their state as a baseline on the first change', async () => {
    const [row] = await insertFaqs(kefu.ctx.db, faqRows(ws.id, [{ locale: 'zh-CN', question: '发票怎么开？', answer: '在订单页申请电子发票。' }]));
    const before = await call(kefu, 'GET', `${faqs}/${row!.id}/versions`, ws.tokens.agent);
    expect(before.body.items).toEqual([expect.objectContaining({ version: 1, action: 'baseline', actor: { type: 'system', id: null } })]);
    await call(kefu, 'PATCH', `${faqs}/${row!.id}`, ws.tokens.operator, { answer: '在订单页申请电子发票，一个工作日内开出。' });
    const after = await call(kefu, 'GET', `${faqs}/${row!.id}/versions`, ws.tokens.agent);
    expect(after.body.items.map((v: { action: string }) => v.action)).toEqual(['updated', 'baseline']);
    const back = await call(kefu, 'POST', `${faqs}/${row!.id}/rollback`, ws.tokens.operator, { version: 1 });
    expect(back.body.answer).toBe('在订单页申请电子发票。');
  });

  it('validates validity dates and category depth, with 400s that name the field', async () => {
    const bad = expectError(
      await call(kefu, 'POST', faqs, ws.tokens.operator, {
        locale: 'en',
        question: 'Sale?',
        answer: 'Yes',
        validFrom: '2026-12-01T00:00:00Z',
        validUntil: '2026-11-01T00:00:00Z',
      }),
      'validation_failed',
    );
    expect(JSON.stringify(bad.error.details)).toContain('validUntil');
    const item = await createItem({ key: 'dates', validFrom: '2026-12-01T00:00:00+08:00' });
    expectError(await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { validUntil: '2026-11-30T00:00:00Z' }), 'validation_failed');
    expectError(await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { validUntil: 'next week' }), 'validation_failed');
    expectError(await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { category: ['a', 'b', 'c', 'd'] }), 'validation_failed');
    const ok = await call(kefu, 'PATCH', `${faqs}/${item.id}`, ws.tokens.operator, { validUntil: '2027-01-01T00:00:00Z' });
    expect(ok.body).toMatchObject({ validFrom: '2026-11-30T16:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z' });
  });
});
