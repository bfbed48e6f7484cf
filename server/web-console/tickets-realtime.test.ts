import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveContact } from '../modules/contacts/index.ts';
import { topics, type RealtimeEvent } from '../realtime/hub.ts';
import { call, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';

/** What the console's socket hears about tickets (server/flows/ticket-realtime.ts): its own workspace's, never another's. */
describe('ticket events reach the workspace consoles', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let contactId: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const contact = await kefu.ctx.db.transaction((tx) => resolveContact(tx, ws.id, { kind: 'app', value: `u-${uniqueTag()}` }, { name: '王芳' }));
    contactId = contact.id;
  });
  afterAll(() => kefu.close());

  it('publishes created, updated and activity_added with the ticket, to this workspace only', async () => {
    const heard: RealtimeEvent[] = [];
    const overheard: RealtimeEvent[] = [];
    const off = kefu.ctx.realtime.subscribe(topics.workspace(ws.id), (e) => heard.push(e));
    const offOther = kefu.ctx.realtime.subscribe(topics.workspace(other.id), (e) => overheard.push(e));
    const ticketEvents = () => heard.filter((e) => e.type.startsWith('ticket.'));

    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, { subject: '耳机充不进电', contactId });
    expect(created.status, created.raw).toBe(201);
    const id = created.body.id as string;
    await call(kefu, 'PATCH', `/api/v1/tickets/${id}`, ws.tokens.agent, { priority: 'urgent' });
    await call(kefu, 'POST', `/api/v1/tickets/${id}/activities`, ws.tokens.agent, { kind: 'note', body: '仓库确认中' });

    await expect.poll(() => ticketEvents().map((e) => e.type)).toEqual(['ticket.created', 'ticket.updated', 'ticket.activity_added']);
    const [c, u, a] = ticketEvents() as unknown as [
      { ticket: { id: string } },
      { ticket: { priority: string }; changes: string[] },
      { ticket: { id: string }; activity: { kind: string; body: string; public: boolean } },
    ];
    expect(c.ticket.id).toBe(id);
    expect(u).toMatchObject({ ticket: { priority: 'urgent' }, changes: ['priority'] });
    expect(a).toMatchObject({ ticket: { id }, activity: { kind: 'note', body: '仓库确认中', public: false } });
    expect(overheard.filter((e) => e.type.startsWith('ticket.'))).toEqual([]);
    off();
    offOther();
  });
});
