import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveContact } from '../modules/contacts/index.ts';
import { auditEvents, call, expectError, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';

const PHONE = '13812345678';
const CN_ID = '11010519491231002X';

/** Reveal on tickets (docs/masking.md) and contact PII kept masked in the audit log (docs/security.md). */
describe('ticket reveal and personal data in the audit log', () => {
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

  it('reveals a masked ticket and its note to an admin, audited without the values, and to no one else', async () => {
    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, {
      subject: `回电 ${PHONE}`,
      description: `身份证 ${CN_ID}，手机 ${PHONE}`,
      contactId,
    });
    expect(created.status, created.raw).toBe(201);
    const ticketId = created.body.id as string;
    expect(created.body.subject).toBe('回电 138****5678');
    const note = await call(kefu, 'POST', `/api/v1/tickets/${ticketId}/activities`, ws.tokens.agent, { kind: 'note', body: `备用号码 ${PHONE}` });
    expect(note.status, note.raw).toBe(201);
    const activityId = note.body.activity.id as string;
    expect(note.body.activity.body).toBe('备用号码 138****5678');

    const ticket = await call(kefu, 'POST', `/api/v1/privacy/reveal/tickets/${ticketId}`, ws.tokens.admin);
    expect(ticket.status, ticket.raw).toBe(200);
    expect(ticket.body).toMatchObject({ subject: `回电 ${PHONE}`, description: `身份证 ${CN_ID}，手机 ${PHONE}`, kinds: ['mobile', 'cn_id'] });
    const activity = await call(kefu, 'POST', `/api/v1/privacy/reveal/ticket-activities/${activityId}`, ws.tokens.admin);
    expect(activity.body).toMatchObject({ body: `备用号码 ${PHONE}`, kinds: ['mobile'] });

    const rows = await auditEvents(kefu, ws.tokens.admin, { action: 'pii.revealed' });
    expect(rows.map((r) => [r.targetType, r.targetId])).toEqual([
      ['ticket_activity', activityId],
      ['ticket', ticketId],
    ]);
    expect(rows[0]!.after).toEqual({ ticketId, kinds: ['mobile'] });
    expect(rows[1]).toMatchObject({ actorId: ws.users.admin.id, after: { kinds: ['mobile', 'cn_id'] } });
    expect(JSON.stringify(rows)).not.toContain(PHONE);

    expectError(await call(kefu, 'POST', `/api/v1/privacy/reveal/tickets/${ticketId}`, ws.tokens.agent), 'forbidden');
    expectError(await call(kefu, 'POST', `/api/v1/privacy/reveal/ticket-activities/${activityId}`, ws.tokens.agent), 'forbidden');
    expectError(await call(kefu, 'POST', `/api/v1/privacy/reveal/tickets/${ticketId}`, other.tokens.admin), 'not_found');
    expectError(await call(kefu, 'POST', `/api/v1/privacy/reveal/ticket-activities/${activityId}`, other.tokens.admin), 'not_found');
    expect(await auditEvents(kefu, other.tokens.admin, { action: 'pii.revealed' })).toEqual([]);
  });

  it('keeps a contact’s changed phone and email masked in the stored audit row, and shows the change', async () => {
    const first = await call(kefu, 'PATCH', `/api/v1/contacts/${contactId}`, ws.tokens.agent, { phone: PHONE, email: 'wang.fang@shop.example' });
    expect(first.status, first.raw).toBe(200);
    const second = await call(kefu, 'PATCH', `/api/v1/contacts/${contactId}`, ws.tokens.agent, {
      phone: '13900001111',
      attributes: { 地址: `收货电话 ${PHONE}` },
    });
    expect(second.status, second.raw).toBe(200);

    const stored = await sql<{ before: unknown; after: unknown }>(
      kefu,
      `select before, after from audit_events where workspace_id = $1 and target_id = $2 and action = 'contact.updated' order by created_at`,
      [ws.id, contactId],
    );
    expect(stored).toHaveLength(2);
    const raw = JSON.stringify(stored);
    for (const secret of [PHONE, '13900001111', 'wang.fang']) expect(raw).not.toContain(secret);
    expect(stored[0]).toEqual({ before: { phone: null, email: null }, after: { phone: '138****5678', email: '***@shop.example' } });
    expect(stored[1]!.before).toMatchObject({ phone: '138****5678' });
    expect(stored[1]!.after).toEqual({ phone: '139****1111', attributes: { 地址: '收货电话 138****5678' } });

    const [latest] = await auditEvents(kefu, ws.tokens.admin, { action: 'contact.updated', targetId: contactId });
    expect(latest).toMatchObject({ before: { phone: '138****5678' }, after: { phone: '139****1111' } });
  });

  it('keeps the real values when an agent saves a form around fields it was shown masked', async () => {
    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, {
      subject: `回电 ${PHONE}`,
      description: `手机 ${PHONE}`,
      contactId,
    });
    const ticketId = created.body.id as string;
    // The agent's edit form holds the subject and description as shown (masked) and changes only the priority.
    const saved = await call(kefu, 'PATCH', `/api/v1/tickets/${ticketId}`, ws.tokens.agent, {
      subject: created.body.subject,
      description: created.body.description,
      priority: 'high',
    });
    expect(saved.status, saved.raw).toBe(200);
    const [row] = await sql<{ subject: string; description: string; priority: string }>(
      kefu,
      'select subject, description, priority from tickets where id = $1',
      [ticketId],
    );
    expect(row).toEqual({ subject: `回电 ${PHONE}`, description: `手机 ${PHONE}`, priority: 'high' });
    // A real edit is stored.
    await call(kefu, 'PATCH', `/api/v1/tickets/${ticketId}`, ws.tokens.agent, { description: '客户改用邮件联系' });
    expect((await sql<{ description: string }>(kefu, 'select description from tickets where id = $1', [ticketId]))[0]!.description).toBe(
      '客户改用邮件联系',
    );

    // The same for a contact: phone shown masked, the form saved with a new name.
    await call(kefu, 'PATCH', `/api/v1/contacts/${contactId}`, ws.tokens.admin, { phone: PHONE, attributes: { backup: `备用 ${PHONE}` } });
    const shown = await call(kefu, 'GET', `/api/v1/contacts/${contactId}`, ws.tokens.agent);
    expect(shown.body.phone).not.toBe(PHONE);
    const edited = await call(kefu, 'PATCH', `/api/v1/contacts/${contactId}`, ws.tokens.agent, {
      name: '王芳芳',
      phone: shown.body.phone,
      attributes: shown.body.attributes,
    });
    expect(edited.status, edited.raw).toBe(200);
    const revealed = await call(kefu, 'POST', `/api/v1/privacy/reveal/contacts/${contactId}`, ws.tokens.admin, { field: 'phone' });
    expect(revealed.body.value).toContain(PHONE);
    const [stored] = await sql<{ attributes: Record<string, unknown> }>(kefu, 'select attributes from contacts where id = $1', [contactId]);
    expect(stored!.attributes.backup).toBe(`备用 ${PHONE}`);
    expect((await call(kefu, 'GET', `/api/v1/contacts/${contactId}`, ws.tokens.admin)).body.name).toBe('王芳芳');
  });
});
