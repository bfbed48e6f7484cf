import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { saveAttachment } from '../storage/attachments.ts';
import { auditEvents, call, expectError, showConsoleInClear, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { receiveMessage } from './receive-message.ts';

let kefu: TestKefu;

beforeAll(async () => {
  kefu = await buildTestKefu({ KEFU_PUBLIC_URL: 'https://kefu.example.com' });
});
afterAll(() => kefu.close());

interface Customer {
  contactId: string;
  conversationId: string;
  name: string;
  email: string;
  phone: string;
  phrase: string;
}

async function apiInbox(ws: TestWorkspace): Promise<InboxRow> {
  const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: `App ${uniqueTag()}` });
  return getInbox(kefu.ctx.db, ws.id, res.body.id);
}

/** A customer who wrote (with a file), got a ticket from the conversation, and rated the resolution 1 star with a comment. */
async function buildCustomer(ws: TestWorkspace, inbox: InboxRow): Promise<Customer> {
  const tag = uniqueTag();
  const digits = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
  const c = { name: `Lin Xiaoyu ${tag}`, email: `lin-${tag}@example.test`, phone: `138${digits}`, phrase: `purple walrus ${tag}` };
  const file = await saveAttachment(kefu.ctx, ws.id, {
    filename: `receipt-${tag}.txt`,
    contentType: 'text/plain',
    data: Buffer.from(`receipt of ${c.phrase}`),
  });
  const { conversation, contactId } = await receiveMessage(kefu.ctx, inbox, {
    identity: { kind: 'app', value: `u-${tag}` },
    profile: { name: c.name, email: c.email, phone: c.phone },
    message: { sourceId: `m1-${tag}`, content: `My order is lost, ${c.phrase}, call ${c.phone}`, attachments: [file] },
  });
  const ticket = await call(kefu, 'POST', `/api/v1/conversations/${conversation.id}/tickets`, ws.tokens.agent, {});
  expect(ticket.status).toBe(201);
  await call(kefu, 'POST', `/api/v1/tickets/${ticket.body.id}/activities`, ws.tokens.agent, {
    body: `Dear ${c.name}, we found ${c.phrase}`,
    kind: 'reply',
  });
  expect((await call(kefu, 'PATCH', `/api/v1/conversations/${conversation.id}`, ws.tokens.agent, { status: 'resolved' })).status).toBe(200);
  await kefu.ctx.bus.drain();
  const [survey] = await sql<{ token: string }>(kefu, 'select token from survey_requests where workspace_id = $1 and conversation_id = $2', [
    ws.id,
    conversation.id,
  ]);
  if (survey) await call(kefu, 'POST', `/api/v1/public/surveys/${survey.token}`, undefined, { rating: 1, comment: `slow, ${c.phrase}` });
  await kefu.ctx.bus.drain();
  return { ...c, contactId, conversationId: conversation.id };
}

/** Every row of every text, jsonb and text[] column in the public schema that contains one of the needles (in this workspace where the table has one). */
async function findTraces(workspaceId: string, needles: string[]): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>(
    kefu,
    `select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t
       on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema = 'public' and (c.data_type in ('text', 'jsonb', 'character varying') or c.udt_name = '_text')`,
  );
  const scoped = new Set(
    (
      await sql<{ table_name: string }>(
        kefu,
        `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id'`,
      )
    ).map((r) => r.table_name),
  );
  const patterns = needles.map((n) => `%${n.toLowerCase()}%`);
  const found: string[] = [];
  for (const { table_name: t, column_name: col } of columns) {
    const where = scoped.has(t) ? `workspace_id = $2 and ` : `$2::text is not null and `;
    const rows = await sql<{ n: string }>(kefu, `select count(*)::text as n from "${t}" where ${where} lower("${col}"::text) like any($1::text[])`, [
      patterns,
      workspaceId,
    ]);
    if (rows[0]!.n !== '0') found.push(`${t}.${col}: ${rows[0]!.n}`);
  }
  return found;
}

describe('data-subject rights', () => {
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inbox: InboxRow;
  let subject: Customer;
  let bystander: Customer;
  let elsewhere: Customer;
  let mergedIn: { contactId: string; phrase: string };

  beforeAll(async () => {
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    inbox = await apiInbox(ws);
    subject = await buildCustomer(ws, inbox);
    bystander = await buildCustomer(ws, inbox);
    elsewhere = await buildCustomer(other, await apiInbox(other));
    // A second contact of the same person (another app account), merged into the subject.
    const tag = uniqueTag();
    const second = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: `alt-${tag}` },
      message: { sourceId: `alt-${tag}`, content: `second account, ${subject.phrase} again` },
    });
    mergedIn = { contactId: second.contactId, phrase: subject.phrase };
    expect((await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/merge`, ws.tokens.agent, { contactId: second.contactId })).status).toBe(
      200,
    );
    // An agent's note in the bystander's conversation that names the subject.
    await call(kefu, 'POST', `/api/v1/conversations/${bystander.conversationId}/messages`, ws.tokens.agent, {
      private: true,
      content: `Same issue as ${subject.email}, see their ticket`,
    });
    await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/consents`, ws.tokens.agent, { purpose: 'marketing', status: 'granted' });
  });

  it('refuses export and erase to agents and operators', async () => {
    for (const token of [ws.tokens.agent, ws.tokens.operator]) {
      expectError(await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/exports`, token), 'forbidden');
      expectError(await call(kefu, 'GET', `/api/v1/contacts/${subject.contactId}/exports`, token), 'forbidden');
      expectError(
        await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/erase`, token, { confirm: `ERASE ${subject.contactId}` }),
        'forbidden',
      );
    }
  });

  it('exports everything held about the contact as a zip an admin downloads, audited', async () => {
    const queued = await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/exports`, ws.tokens.admin);
    expect(queued.status).toBe(202);
    await kefu.drainJobs();
    const list = await call(kefu, 'GET', `/api/v1/contacts/${subject.contactId}/exports`, ws.tokens.admin);
    expect(list.body.items[0]).toMatchObject({ id: queued.body.id, status: 'ready' });
    const res = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${subject.contactId}/exports/${queued.body.id}/download`,
      headers: { authorization: `Bearer ${ws.tokens.admin}` },
    });
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const json = (name: string) => JSON.parse(strFromU8(files[name]!)) as Record<string, unknown>[];
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'contacts.json',
        'identities.json',
        'conversations.json',
        'tickets.json',
        'surveys.json',
        'consents.json',
        'tasks.json',
        'audit.json',
        'attachments.json',
      ]),
    );
    expect(
      json('contacts.json')
        .map((c) => c.id)
        .sort(),
    ).toEqual([subject.contactId, mergedIn.contactId].sort());
    expect(json('identities.json')).toHaveLength(2);
    const messages = json('conversations.json').flatMap((c) => c.messages as { content: string }[]);
    expect(messages.filter((m) => m.content.includes(subject.phrase)).length).toBeGreaterThanOrEqual(2);
    expect(messages.map((m) => m.content)).toContain(`second account, ${subject.phrase} again`);
    expect(JSON.stringify(json('tickets.json'))).toContain(`we found ${subject.phrase}`);
    expect(JSON.stringify(json('surveys.json'))).toContain(`slow, ${subject.phrase}`);
    expect(json('consents.json')[0]).toMatchObject({ purpose: 'marketing', status: 'granted' });
    expect(json('tasks.json').length).toBeGreaterThan(0);
    expect(json('audit.json').map((a) => a.action)).toEqual(expect.arrayContaining(['contact.merged', 'consent.granted']));
    const attachment = Object.keys(files).find((f) => f.startsWith('attachments/'))!;
    expect(strFromU8(files[attachment]!)).toBe(`receipt of ${subject.phrase}`);
    expect(JSON.stringify(files['conversations.json'] && strFromU8(files['conversations.json']))).not.toContain(bystander.phrase);
    expect(await auditEvents(kefu, ws.tokens.admin, { action: 'contact.export_downloaded' })).toHaveLength(1);
  });

  it('erases the contact everywhere, leaving no trace in any column, and nobody else’s data', async () => {
    expectError(
      await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/erase`, ws.tokens.admin, { confirm: 'yes' }),
      'erase_confirmation_mismatch',
    );
    const needles = [subject.email, subject.phone, subject.name, subject.phrase];
    expect((await findTraces(ws.id, needles)).length).toBeGreaterThan(5);
    const res = await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/erase`, ws.tokens.admin, { confirm: `ERASE ${subject.contactId}` });
    expect(res.status).toBe(200);
    expect(res.body.contactIds.sort()).toEqual([subject.contactId, mergedIn.contactId].sort());
    expect(res.body.counts).toMatchObject({ contacts: 2, identities: 2, attachments: 1, notesRedacted: 1 });
    expect(res.body.note).toContain('backup');
    expect(await findTraces(ws.id, needles)).toEqual([]);

    // The attachment's bytes are gone; the export is gone.
    const [att] = await sql(kefu, `select count(*)::int as n from attachments where workspace_id = $1`, [ws.id]);
    expect(att).toEqual({ n: 1 }); // the bystander's
    expect((await call(kefu, 'GET', `/api/v1/contacts/${subject.contactId}/exports`, ws.tokens.admin)).body.items).toEqual([]);

    // The certificate is in the audit log; erasing twice is fine and keeps the first certificate.
    expect(
      (await call(kefu, 'POST', `/api/v1/contacts/${subject.contactId}/erase`, ws.tokens.admin, { confirm: `ERASE ${subject.contactId}` })).status,
    ).toBe(200);
    const certificates = await auditEvents(kefu, ws.tokens.admin, { action: 'contact.erased' });
    expect(certificates).toHaveLength(2);
    expect(certificates[1]!.after).toMatchObject({ counts: { contacts: 2 }, requestedBy: ws.users.admin.id });

    // The bystander and the other workspace are untouched.
    expect((await findTraces(ws.id, [bystander.email, bystander.phrase])).length).toBeGreaterThan(3);
    await showConsoleInClear(kefu, ws, ['agent']); // the bystander's phone, read back whole
    const theirs = await call(kefu, 'GET', `/api/v1/conversations/${bystander.conversationId}/messages?limit=100`, ws.tokens.agent);
    expect(theirs.body.items.map((m: { content: string }) => m.content)).toContain(`My order is lost, ${bystander.phrase}, call ${bystander.phone}`);
    expect((await findTraces(other.id, [elsewhere.email, elsewhere.phrase, elsewhere.name])).length).toBeGreaterThan(3);
  });
});

describe('consent', () => {
  it('stops surveys after the customer withdraws, by an agent or the unsubscribe link, and a grant restores them', async () => {
    const ws = await createTestWorkspace(kefu);
    const inbox = await apiInbox(ws);
    const surveysOf = async (conversationId: string) =>
      sql(kefu, 'select id from survey_requests where workspace_id = $1 and conversation_id = $2', [ws.id, conversationId]);
    const chat = async (n: number, value: string) => {
      const { conversation, contactId } = await receiveMessage(kefu.ctx, inbox, {
        identity: { kind: 'app', value },
        message: { sourceId: `c-${value}-${n}-${uniqueTag()}`, content: 'hello' },
      });
      await call(kefu, 'PATCH', `/api/v1/conversations/${conversation.id}`, ws.tokens.agent, { status: 'resolved' });
      await kefu.ctx.bus.drain();
      return { conversationId: conversation.id, contactId };
    };
    const first = await chat(1, 'u-consent');
    expect(await surveysOf(first.conversationId)).toHaveLength(1);

    const withdrawn = await call(kefu, 'POST', `/api/v1/contacts/${first.contactId}/consents`, ws.tokens.agent, {
      purpose: 'survey',
      status: 'withdrawn',
    });
    expect(withdrawn.status).toBe(201);
    expect(await surveysOf((await chat(2, 'u-consent')).conversationId)).toHaveLength(0);

    await call(kefu, 'POST', `/api/v1/contacts/${first.contactId}/consents`, ws.tokens.agent, { purpose: 'survey', status: 'granted' });
    const third = await chat(3, 'u-consent');
    const [survey] = await sql<{ token: string }>(kefu, 'select token from survey_requests where workspace_id = $1 and conversation_id = $2', [
      ws.id,
      third.conversationId,
    ]);
    expect(survey).toBeDefined();
    expect((await call(kefu, 'POST', `/api/v1/public/surveys/${survey!.token}/unsubscribe`)).status).toBe(204);
    expect(await surveysOf((await chat(4, 'u-consent')).conversationId)).toHaveLength(0);

    const history = await call(kefu, 'GET', `/api/v1/contacts/${first.contactId}/consents`, ws.tokens.operator);
    expect(history.body.items.map((r: { status: string; source: string }) => `${r.status}:${r.source}`)).toEqual([
      'withdrawn:unsubscribe_link',
      'granted:agent',
      'withdrawn:agent',
    ]);
  });
});
