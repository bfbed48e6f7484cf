import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { resolveContact } from '../contacts/index.ts';
import { addCustomerReply } from '../tickets/index.ts';
import { settle } from './test-kit.ts';

/** The SLA clocks driven by the real tickets API, as agents and customers use it. */
describe('SLA through the tickets API', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let contactId: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu, 'SLA tickets shop');
    contactId = (await kefu.ctx.db.transaction((tx) => resolveContact(tx, ws.id, { kind: 'app', value: `u-${uniqueTag()}` }, { name: '王芳' }))).id;
    const policy = { name: 'Standard', targets: { firstResponse: 60, nextResponse: 120, resolution: 480 } };
    expect((await call(kefu, 'POST', '/api/v1/sla/policies', ws.tokens.admin, policy)).status).toBe(201);
  });
  afterAll(() => kefu.close());

  const read = async (id: string) => {
    await settle(kefu);
    return (await call(kefu, 'GET', `/api/v1/tickets/${id}`, ws.tokens.agent)).body.ticket;
  };

  it('shows due times on the ticket, meets on the reply, pauses while waiting on the customer, resumes on their answer', async () => {
    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, { subject: '耳机充不进电', contactId });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    let t = await read(id);
    expect(t.sla.targets.first_response.status).toBe('running');
    expect(Date.parse(t.sla.targets.first_response.dueAt) - Date.parse(t.createdAt)).toBe(60 * 60_000);

    const reply = await call(kefu, 'POST', `/api/v1/tickets/${id}/activities`, ws.tokens.agent, { body: '请提供订单号', status: 'pending_customer' });
    expect(reply.status).toBe(201);
    t = await read(id);
    expect(t.sla.targets.first_response.status).toBe('met');
    expect(t.sla.paused).toBe(true);
    expect(t.sla.targets.resolution.status).toBe('paused');

    await addCustomerReply(kefu.ctx, ws.id, contactId, id, { body: '订单号 20261121-0042' });
    t = await read(id);
    expect(t.status).toBe('open');
    expect(t.sla.paused).toBe(false);
    expect(t.sla.targets.resolution.status).toBe('running');
    expect(t.sla.targets.next_response.status).toBe('running');

    expect((await call(kefu, 'PATCH', `/api/v1/tickets/${id}`, ws.tokens.agent, { status: 'resolved' })).status).toBe(200);
    t = await read(id);
    expect(t.sla.targets.resolution.status).toBe('met');
    expect(t.sla.targets.next_response).toBeUndefined();
  });
});
