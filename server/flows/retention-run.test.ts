import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { auditEvents, call, expectError, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { receiveMessage } from './receive-message.ts';
import { retentionJob } from './retention-run.ts';

const DAY = 86_400_000;

describe('data retention', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let inbox: InboxRow;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
  });
  afterAll(() => kefu.close());

  /** A resolved conversation last changed `daysAgo` days ago, and a closed ticket closed that long ago. */
  async function oldData(daysAgo: number, text: string) {
    const { conversation, contactId } = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: `u-${uniqueTag()}` },
      message: { sourceId: uniqueTag(), content: text },
    });
    await call(kefu, 'PATCH', `/api/v1/conversations/${conversation.id}`, ws.tokens.agent, { status: 'resolved' });
    const ticket = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, { subject: text, description: text, contactId });
    await call(kefu, 'PATCH', `/api/v1/tickets/${ticket.body.id}`, ws.tokens.agent, { status: 'closed' });
    await kefu.ctx.bus.drain();
    const at = new Date(Date.now() - daysAgo * DAY);
    await sql(kefu, 'update conversations set updated_at = $3 where workspace_id = $1 and id = $2', [ws.id, conversation.id, at]);
    await sql(kefu, 'update tickets set closed_at = $3 where workspace_id = $1 and id = $2', [ws.id, ticket.body.id, at]);
    return { conversationId: conversation.id, ticketId: ticket.body.id as string };
  }

  const contentsOf = async (conversationId: string) =>
    (
      await sql<{ content: string }>(kefu, `select content from messages where workspace_id = $1 and conversation_id = $2 and type = 'incoming'`, [
        ws.id,
        conversationId,
      ])
    ).map((m) => m.content);
  const ticketExists = async (id: string) => (await sql(kefu, 'select 1 from tickets where workspace_id = $1 and id = $2', [ws.id, id])).length === 1;

  it('keeps everything by default and only admins see or change the settings', async () => {
    const res = await call(kefu, 'GET', '/api/v1/retention', ws.tokens.admin);
    expect(res.body).toMatchObject({ conversationsAction: 'keep', ticketsAction: 'keep', attachmentsDays: null, auditYears: null });
    expectError(await call(kefu, 'GET', '/api/v1/retention', ws.tokens.agent), 'forbidden');
    expectError(await call(kefu, 'PUT', '/api/v1/retention', ws.tokens.operator, { auditYears: 1 }), 'forbidden');
    expectError(await call(kefu, 'POST', '/api/v1/retention/run', ws.tokens.agent, { dryRun: true }), 'forbidden');
  });

  it('anonymises old conversations and deletes old tickets, keeps recent ones; a dry run changes nothing', async () => {
    const old = await oldData(400, 'old secret order 4711');
    const recent = await oldData(10, 'recent order 4712');
    const saved = await call(kefu, 'PUT', '/api/v1/retention', ws.tokens.admin, {
      conversationsAction: 'anonymise',
      conversationsDays: 365,
      ticketsAction: 'delete',
      ticketsYears: 1,
      auditYears: 1,
    });
    expect(saved.status).toBe(200);
    const oldAudit = (await auditEvents(kefu, ws.tokens.admin, { action: 'workspace.created' }))[0]!;
    await sql(kefu, `update audit_events set created_at = now() - interval '2 years' where workspace_id = $1 and id = $2`, [ws.id, oldAudit.id]);

    const dry = await call(kefu, 'POST', '/api/v1/retention/run', ws.tokens.admin, { dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, counts: { conversationsAnonymised: 1, ticketsDeleted: 1 } });
    expect(await contentsOf(old.conversationId)).toEqual(['old secret order 4711']);
    expect(await ticketExists(old.ticketId)).toBe(true);
    expect(await auditEvents(kefu, ws.tokens.admin, { action: 'retention.applied' })).toEqual([]);

    const run = await call(kefu, 'POST', '/api/v1/retention/run', ws.tokens.admin, { dryRun: false });
    expect(run.body.counts).toMatchObject({ conversationsAnonymised: 1, ticketsDeleted: 1, auditEntriesDeleted: 1 });
    expect(await contentsOf(old.conversationId)).toEqual(['']);
    expect(await contentsOf(recent.conversationId)).toEqual(['recent order 4712']);
    expect(await ticketExists(old.ticketId)).toBe(false);
    expect(await ticketExists(recent.ticketId)).toBe(true);
    const conversation = await call(kefu, 'GET', `/api/v1/conversations/${old.conversationId}`, ws.tokens.admin);
    expect(conversation.body.status).toBe('resolved');
    const [applied] = await auditEvents(kefu, ws.tokens.admin, { action: 'retention.applied' });
    expect(applied).toMatchObject({ actorId: ws.users.admin.id, after: { conversationsAnonymised: 1, ticketsDeleted: 1 } });

    // The nightly job finds nothing more to do.
    await retentionJob.run(kefu.ctx, { workspaceId: ws.id });
    const [nightly] = await auditEvents(kefu, ws.tokens.admin, { action: 'retention.applied' });
    expect(nightly).toMatchObject({ actorType: 'system', after: { conversationsAnonymised: 0, ticketsDeleted: 0 } });
  });
});
