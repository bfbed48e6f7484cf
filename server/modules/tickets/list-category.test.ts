import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { resolveContact } from '../contacts/index.ts';

/** The ticket list's category filter takes the whole subtree under a level-1 or level-2 category. */
describe('ticket list by category', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  const cat: Record<string, string> = {};
  const ticketOf: Record<string, string> = {};

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu, 'Category Shop');
    const contactId = (
      await kefu.ctx.db.transaction((tx) => resolveContact(tx, ws.id, { kind: 'app', value: `u-${uniqueTag()}` }, { name: '韩梅梅' }))
    ).id;
    const category = async (key: string, parent?: string) => {
      const res = await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.admin, { key, name: key, parentId: parent ? cat[parent] : null });
      expect(res.status, res.raw).toBe(201);
      cat[key] = res.body.id;
    };
    // 售后 › 退款 › 未到账 ; 售后 › 换货 ; 物流 (another root)
    await category('after_sales');
    await category('refund', 'after_sales');
    await category('refund_missing', 'refund');
    await category('exchange', 'after_sales');
    await category('logistics');
    for (const key of ['after_sales', 'refund', 'refund_missing', 'exchange', 'logistics']) {
      const res = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, { subject: `工单 ${key}`, contactId, categoryId: cat[key] });
      expect(res.status, res.raw).toBe(201);
      ticketOf[key] = res.body.id;
    }
  });
  afterAll(() => kefu.close());

  const listed = async (key: string) => {
    const res = await call(kefu, 'GET', `/api/v1/tickets?categoryId=${cat[key]}`, ws.tokens.agent);
    expect(res.status, res.raw).toBe(200);
    return (res.body.items as { id: string }[]).map((t) => t.id).sort();
  };
  const ids = (...keys: string[]) => keys.map((k) => ticketOf[k]!).sort();

  it('includes every level below a level-1 category, and nothing from another root', async () => {
    expect(await listed('after_sales')).toEqual(ids('after_sales', 'refund', 'refund_missing', 'exchange'));
    expect(await listed('logistics')).toEqual(ids('logistics'));
  });

  it('includes the leaves of a level-2 category but not its siblings or parent', async () => {
    expect(await listed('refund')).toEqual(ids('refund', 'refund_missing'));
  });

  it('matches a leaf exactly and pages the subtree by keyset', async () => {
    expect(await listed('refund_missing')).toEqual(ids('refund_missing'));
    const first = await call(kefu, 'GET', `/api/v1/tickets?categoryId=${cat.after_sales}&limit=3`, ws.tokens.agent);
    const rest = await call(kefu, 'GET', `/api/v1/tickets?categoryId=${cat.after_sales}&limit=3&cursor=${first.body.nextCursor}`, ws.tokens.agent);
    expect([...first.body.items, ...rest.body.items].map((t: { id: string }) => t.id).sort()).toEqual(
      ids('after_sales', 'refund', 'refund_missing', 'exchange'),
    );
    expect(rest.body.nextCursor).toBeNull();
  });
});
