import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveContact } from '../modules/contacts/index.ts';
import { startMailPeer, type MailPeer } from '../portal/ticket-test-kit.ts';
import { call, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';

const poll = { timeout: 10_000, interval: 50 };

/** A ticket with no conversation (API, portal) is surveyed by email, through the durable ticket mail job. */
describe('survey by email for tickets without a conversation', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let mail: MailPeer;

  beforeAll(async () => {
    mail = await startMailPeer();
    kefu = await buildTestKefu({ KEFU_SMTP_RELAY_URL: mail.url, KEFU_PUBLIC_URL: 'https://kefu.example.com' });
    ws = await createTestWorkspace(kefu, 'Mail Survey Shop');
  });
  afterAll(async () => {
    await kefu?.close();
    await mail?.close();
  });

  const settle = async () => {
    await kefu.ctx.bus.drain();
    await kefu.drainJobs();
    await kefu.ctx.bus.drain();
  };
  const contact = (profile: { email?: string; locale?: string }) =>
    kefu.ctx.db.transaction((tx) => resolveContact(tx, ws.id, { kind: 'app', value: `u-${uniqueTag()}` }, { name: '王芳', ...profile }));
  const resolvedTicket = async (contactId: string) => {
    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, { subject: '发票开错了', contactId });
    expect(created.status, created.raw).toBe(201);
    expect((await call(kefu, 'PATCH', `/api/v1/tickets/${created.body.id}`, ws.tokens.agent, { status: 'resolved' })).status).toBe(200);
    await settle();
    return created.body as { id: string; number: string };
  };

  it('mails the requester a survey link that opens the survey and records the rating for the ticket', async () => {
    const email = `fang-${uniqueTag()}@example.test`;
    const requester = await contact({ email });
    const ticket = await resolvedTicket(requester.id);
    await expect.poll(() => mail.to(email).some((m) => m.subject?.includes('评分')), poll).toBe(true);
    const survey = mail.to(email).find((m) => m.subject?.includes('评分'))!;
    expect(survey.subject).toBe(`[Mail Survey Shop] 请为工单 ${ticket.number} 的服务评分`);
    const token = /https:\/\/kefu\.example\.com\/survey\/([A-Za-z0-9_-]{22})/.exec(survey.text ?? '')?.[1];
    expect(token).toBeDefined();

    const rated = await call(kefu, 'POST', `/api/v1/public/surveys/${token}`, undefined, { rating: 4, comment: '很快' });
    expect(rated.status, rated.raw).toBe(200);
    const responses = (await call(kefu, 'GET', '/api/v1/feedback/responses', ws.tokens.admin)).body.items;
    expect(responses).toContainEqual(expect.objectContaining({ ticketId: ticket.id, channel: 'email', rating: 4, conversationId: null }));

    // One request per resolution, one mail per request.
    expect(mail.to(email).filter((m) => m.subject?.includes('评分'))).toHaveLength(1);
  });

  it('asks nobody when the requester has no email', async () => {
    const requester = await contact({});
    const ticket = await resolvedTicket(requester.id);
    expect(await sql(kefu, 'select id from survey_requests where workspace_id = $1 and ticket_id = $2', [ws.id, ticket.id])).toEqual([]);
  });

  it('asks nobody when email surveys are off', async () => {
    const settings = (await call(kefu, 'GET', '/api/v1/feedback/settings', ws.tokens.admin)).body;
    await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, { ...settings, delivery: { ...settings.delivery, email: 'off' } });
    const email = `off-${uniqueTag()}@example.test`;
    await resolvedTicket((await contact({ email })).id);
    expect(mail.to(email).filter((m) => m.subject?.includes('评分'))).toEqual([]);
    await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, settings);
  });
});
