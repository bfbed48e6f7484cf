import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from './flows/receive-message.ts';
import { getInbox } from './modules/inboxes/index.ts';
import { insertRequest } from './modules/bot/index.ts';
import { insertSuggestions } from './modules/gaps/index.ts';
import { newId } from './lib/ids.ts';
import { saveAttachment } from './storage/attachments.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';

/**
 * Tenant isolation: a user of workspace A must find nothing of workspace B.
 * Objects of B are created through the API, one of every kind that has an
 * `/:id` route; a new kind of route without an object here fails the test.
 */
describe('tenant isolation', () => {
  let kefu: TestKefu;
  let a: TestWorkspace;
  let b: TestWorkspace;
  const objectsOfB: Record<string, string> = {};
  let contactOfA: string;
  let conversationOfA: string;
  let ticketOfA: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    a = await createTestWorkspace(kefu, 'Shop A');
    b = await createTestWorkspace(kefu, 'Shop B');
    const asB = async (method: 'POST', url: string, payload: object) => {
      const res = await kefu.app.inject({ method, url, headers: bearer(b.tokens.admin), payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    objectsOfB.users = b.users.agent.id;
    objectsOfB.roles = (await asB('POST', '/api/v1/roles', { key: 'qa', name: 'QA', permissions: ['audit.read'] })).id;
    objectsOfB.invitations = (await asB('POST', '/api/v1/invitations', { email: 'new@b.test', roleId: b.roles.agent.id })).invitation.id;
    objectsOfB['api-keys'] = (await asB('POST', '/api/v1/api-keys', { name: 'B key', roleId: b.roles.admin.id })).apiKey.id;
    objectsOfB.inboxes = (await asB('POST', '/api/v1/inboxes', { channel: 'api', name: 'B app' })).id;
    const inbox = await getInbox(kefu.ctx.db, b.id, objectsOfB.inboxes!);
    const stored = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: 'user-1' },
      profile: { name: 'Customer of B' },
      message: { sourceId: 'b-1', content: 'secret order 4711' },
    });
    objectsOfB.contacts = stored.contactId;
    objectsOfB.conversations = stored.conversation.id;
    const inboxOfA = (
      await kefu.app.inject({ method: 'POST', url: '/api/v1/inboxes', headers: bearer(a.tokens.admin), payload: { channel: 'api', name: 'A app' } })
    ).json();
    const storedOfA = await receiveMessage(kefu.ctx, await getInbox(kefu.ctx.db, a.id, inboxOfA.id), {
      identity: { kind: 'app', value: 'user-1' },
      message: { sourceId: 'a-1', content: 'hi' },
    });
    contactOfA = storedOfA.contactId;
    conversationOfA = storedOfA.conversation.id;
    objectsOfB.faqs = (await asB('POST', '/api/v1/knowledge/faqs', { locale: 'zh-CN', question: 'B 的退货政策？', answer: 'B only' })).id;
    objectsOfB.articles = (
      await asB('POST', '/api/v1/knowledge/articles', { locale: 'zh-CN', title: 'B 的手册', body: '## B\nB only', status: 'published' })
    ).id;
    objectsOfB.intents = (await asB('POST', '/api/v1/bot/intents', { name: 'b_secret', examples: { en: ['b only'] } })).id;
    objectsOfB.requests = (await insertRequest(kefu.ctx.db, {
      workspaceId: b.id,
      id: newId('request'),
      number: 'R-B-1',
      messageId: stored.message.id,
      kind: 'return_request',
      conversationId: stored.conversation.id,
      contactId: stored.contactId,
      slots: { order_number: 'DS2026112000123' },
    }))!.id;
    objectsOfB['canned-responses'] = (
      await asB('POST', '/api/v1/canned-responses', { scope: 'workspace', title: 'B only', shortcut: '/b-only', content: { en: 'B only' } })
    ).id;
    const gapOfB = {
      workspaceId: b.id,
      id: newId('gapSuggestion'),
      locale: 'zh-CN' as const,
      question: 'B 的问题',
      count: 2,
      lastAskedAt: new Date(),
    };
    await insertSuggestions(kefu.ctx.db, [gapOfB]);
    objectsOfB.gaps = gapOfB.id;
    const graphEntity = (type: string, en: string) => asB('POST', '/api/v1/knowledge/graph/entities', { type, name: { en } });
    objectsOfB.entities = (await graphEntity('product', 'B only')).id;
    const faultOfB = (await graphEntity('fault', 'B fault')).id;
    objectsOfB.relations = (
      await asB('POST', '/api/v1/knowledge/graph/relations', { fromId: objectsOfB.entities, type: 'has_fault', toId: faultOfB })
    ).id;
    objectsOfB.tasks = (await asB('POST', '/api/v1/tasks', { title: 'B only' })).id;
    objectsOfB.messages = stored.message.id;
    objectsOfB['ticket-categories'] = (await asB('POST', '/api/v1/ticket-categories', { key: 'b_only', name: 'B only' })).id;
    objectsOfB['ticket-fields'] = (await asB('POST', '/api/v1/ticket-fields', { key: 'b_only', label: 'B only', type: 'text' })).id;
    objectsOfB.tickets = (await asB('POST', '/api/v1/tickets', { subject: 'B only', contactId: stored.contactId })).id;
    objectsOfB['ticket-activities'] = (
      await asB('POST', `/api/v1/tickets/${objectsOfB.tickets}/activities`, { kind: 'note', body: 'B only' })
    ).activity.id;
    ticketOfA = (
      await kefu.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: bearer(a.tokens.admin),
        payload: { subject: 'A', contactId: contactOfA },
      })
    ).json().id;
    objectsOfB.calendars = (
      await asB('POST', '/api/v1/sla/calendars', { name: 'B only', weeklyHours: { mon: [{ start: '09:00', end: '18:00' }] } })
    ).id;
    objectsOfB.policies = (await asB('POST', '/api/v1/sla/policies', { name: 'B only', targets: { firstResponse: 60 } })).id;
    objectsOfB.rules = (
      await asB('POST', '/api/v1/automation/rules', {
        name: 'B only',
        trigger: 'message.received',
        conditions: { all: [], any: [] },
        actions: [{ type: 'add_label', label: 'b' }],
      })
    ).id;
    objectsOfB.attachments = (await saveAttachment(kefu.ctx, b.id, { filename: 'b.txt', contentType: 'text/plain', data: Buffer.from('B only') })).id;
  });

  /** A body each route accepts, so the request gets past validation and must be refused for not finding the object. */
  const payloads: Record<string, object> = {
    'PATCH /api/v1/users/:id': { name: 'taken over' },
    'PATCH /api/v1/roles/:id': { name: 'taken over' },
    'PATCH /api/v1/contacts/:id': { name: 'taken over' },
    'POST /api/v1/contacts/:id/consents': { purpose: 'survey', status: 'withdrawn' },
    'POST /api/v1/contacts/:id/erase': { confirm: 'ERASE taken over' },
    'PATCH /api/v1/inboxes/:id': { name: 'taken over' },
    'PATCH /api/v1/conversations/:id': { priority: 'urgent' },
    'POST /api/v1/conversations/:id/messages': { content: 'taken over' },
    'PATCH /api/v1/knowledge/faqs/:id': { question: 'taken over' },
    'PATCH /api/v1/knowledge/articles/:id': { title: 'taken over' },
    'POST /api/v1/knowledge/faqs/:id/rollback': { version: 1 },
    'POST /api/v1/knowledge/faqs/:id/translations': { locale: 'en' },
    'PATCH /api/v1/bot/intents/:id': { description: 'taken over' },
    'PATCH /api/v1/canned-responses/:id': { title: 'taken over' },
    'POST /api/v1/knowledge/gaps/:id/accept': { answer: 'taken over' },
    'PATCH /api/v1/knowledge/graph/entities/:id': { aliases: ['taken over'] },
    'POST /api/v1/tasks/:id/reassign': { teamId: null },
    'POST /api/v1/tasks/:id/done': { note: 'taken over' },
    'PATCH /api/v1/tickets/:id': { priority: 'urgent' },
    'POST /api/v1/tickets/:id/activities': { body: 'taken over' },
    'POST /api/v1/tickets/:id/split': { subject: 'taken over', activityIds: ['tact_00000000000000000000000000'] },
    'PATCH /api/v1/ticket-categories/:id': { name: 'taken over' },
    'PATCH /api/v1/ticket-fields/:id': { label: 'taken over' },
    'PATCH /api/v1/sla/calendars/:id': { name: 'taken over' },
    'POST /api/v1/sla/calendars/:id/ranges': { kind: 'holiday', from: '2026-10-01', to: '2026-10-02', name: 'taken over' },
    'PATCH /api/v1/sla/policies/:id': { name: 'taken over' },
    'PATCH /api/v1/automation/rules/:id': { name: 'taken over' },
    'POST /api/v1/automation/rules/:id/test': { subjectId: 'conv_00000000000000000000000000' },
    'POST /api/v1/privacy/reveal/contacts/:id': { field: 'phone' },
  };
  afterAll(() => kefu.close());

  it('answers 404 to A’s admin for every object of B on every /:id route', async () => {
    const idRoutes = kefu.app.routeTable.filter((r) => r.url.includes(':id'));
    expect(idRoutes.length).toBeGreaterThan(0);
    for (const route of idRoutes) {
      const kind = /\/([a-z-]+)\/:id/.exec(route.url)![1]!;
      const id = objectsOfB[kind];
      expect(id, `no object of B for ${route.method} ${route.url}; create one above`).toBeDefined();
      const payload = route.url.endsWith('/merge')
        ? kind === 'tickets'
          ? { intoTicketId: ticketOfA }
          : { contactId: contactOfA }
        : route.url.endsWith('/links')
          ? { ticketId: ticketOfA }
          : route.url.endsWith('/render')
            ? { conversationId: conversationOfA }
            : payloads[`${route.method} ${route.url}`];
      const res = await kefu.app.inject({
        method: route.method as 'GET',
        url: route.url
          .replace(':id', id!)
          .replace(':version', '1')
          .replace(':otherId', ticketOfA)
          .replace(':exportId', 'cexp_00000000000000000000000000'),
        headers: bearer(a.tokens.admin),
        payload,
      });
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('leaves B’s objects untouched after A’s attempts', async () => {
    const res = await kefu.app.inject({ method: 'GET', url: `/api/v1/users/${b.users.agent.id}`, headers: bearer(b.tokens.admin) });
    expect(res.json().name).toBe('Agent');
    const roles = await kefu.app.inject({ method: 'GET', url: '/api/v1/roles', headers: bearer(b.tokens.admin) });
    expect(roles.json().items.map((r: { key: string }) => r.key)).toContain('qa');
  });

  it('shows none of B’s objects in A’s lists', async () => {
    const lists = [
      '/api/v1/users',
      '/api/v1/roles',
      '/api/v1/invitations',
      '/api/v1/api-keys',
      '/api/v1/audit-events?limit=200',
      '/api/v1/contacts?q=Customer',
      '/api/v1/inboxes',
      '/api/v1/conversations',
      '/api/v1/knowledge/faqs',
      '/api/v1/knowledge/articles',
      '/api/v1/bot/intents',
      '/api/v1/bot/requests',
      '/api/v1/canned-responses',
      '/api/v1/knowledge/gaps',
      '/api/v1/knowledge/graph/entities',
      '/api/v1/tasks?state=all',
      '/api/v1/feedback/responses',
    ];
    const idsOfB = [...Object.values(objectsOfB), b.id, ...Object.values(b.users).map((u) => u.id), ...Object.values(b.roles).map((r) => r.id)];
    for (const url of lists) {
      const res = await kefu.app.inject({ method: 'GET', url, headers: bearer(a.tokens.admin) });
      expect(res.statusCode, url).toBe(200);
      for (const id of idsOfB) expect(res.body, `${url} leaks ${id}`).not.toContain(id);
    }
    const me = await kefu.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: bearer(a.tokens.admin) });
    expect(me.json().id).toBe(a.id);
  });

  it('refuses to use B’s roles inside A', async () => {
    const invite = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(a.tokens.admin),
      payload: { email: 'x@a.test', roleId: b.roles.admin.id },
    });
    expect(invite.statusCode).toBe(404);
    const patch = await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${a.users.agent.id}`,
      headers: bearer(a.tokens.admin),
      payload: { roleId: b.roles.admin.id },
    });
    expect(patch.statusCode).toBe(404);
    const key = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(a.tokens.admin),
      payload: { name: 'k', roleId: b.roles.admin.id },
    });
    expect(key.statusCode).toBe(404);
  });

  it('rejects a session token re-labelled with another workspace id', async () => {
    const forged = a.tokens.admin.replace(a.id, b.id);
    const res = await kefu.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(forged) });
    expect(res.statusCode).toBe(401);
  });
});
