import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from './receive-message.ts';
import { auditEvents, call, expectError, showConsoleInClear, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { checkAndRewrap, forgetRing, MasterKeyError, masterKey, workspaceCipher } from '../modules/encryption/index.ts';
import { sql as dsql } from 'drizzle-orm';

let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;
let appInbox: InboxRow;
let emailInbox: InboxRow;
const tag = () => randomBytes(4).toString('hex');

async function inbox(workspace: TestWorkspace, channel: string, settings: object = {}): Promise<InboxRow> {
  const res = await call(kefu, 'POST', '/api/v1/inboxes', workspace.tokens.admin, { channel, name: channel, settings });
  expect(res.status, res.raw).toBe(201);
  return getInbox(kefu.ctx.db, workspace.id, res.body.id);
}

/** Every row of the workspace in these tables, as the database holds them, as one string. */
async function rawDump(workspaceId: string): Promise<string> {
  const tables = ['contacts', 'contact_identities', 'messages'];
  const rows = await Promise.all(tables.map((t) => sql(kefu, `select * from ${t} where workspace_id = $1`, [workspaceId])));
  const search = await sql(kefu, 'select terms::text from message_search where workspace_id = $1', [workspaceId]);
  return JSON.stringify([...rows, search]);
}

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu, 'Encrypted Shop');
  other = await createTestWorkspace(kefu, 'Other Shop');
  const on = await call(kefu, 'PATCH', '/api/v1/encryption/settings', ws.tokens.admin, { encryptMessages: true });
  expect(on.status, on.raw).toBe(200);
  // What the console reads back is the subject here, not masking (docs/masking.md).
  await showConsoleInClear(kefu, ws);
  await showConsoleInClear(kefu, other);
  appInbox = await inbox(ws, 'api');
  emailInbox = await inbox(ws, 'email', { address: `support-${tag()}@shop.test` });
});
afterAll(() => kefu.close());

describe('encryption at rest', () => {
  it('keeps phone, email, identities, message text and files out of the raw database and disk, and reads them back as they were', async () => {
    const t = tag();
    const email = `li.${t}@example.cn`;
    const words = `我的订单号是 DS${t}9 还没有到 zebrafish${t}`;
    const first = await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: `user-${t}` },
      profile: { name: '李雷', email, phone: '139 1234 5678' },
      message: { sourceId: `m1-${t}`, content: words },
    });
    // The same customer again: the one-statement path (no profile) stores it.
    const again = await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: `user-${t}` },
      message: { sourceId: `m2-${t}`, content: `second note quokka${t}` },
    });
    expect(again.conversation.id).toBe(first.conversation.id);
    const upload = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: {
        authorization: `Bearer ${ws.tokens.agent}`,
        'content-type': 'application/octet-stream',
        'x-filename': 'a.txt',
        'x-file-type': 'text/plain',
      },
      payload: Buffer.from(`secret file body walrus${t}`),
    });
    expect(upload.statusCode, upload.body).toBe(201);

    const dump = await rawDump(ws.id);
    for (const secret of [email, '13912345678', `user-${t}`, `DS${t}9`, `zebrafish${t}`, `quokka${t}`, '订单号']) expect(dump).not.toContain(secret);
    const [file] = await sql<{ storage_key: string }>(kefu, 'select storage_key from attachments where workspace_id = $1 and id = $2', [
      ws.id,
      upload.json().id,
    ]);
    const onDisk = await readFile(path.join(kefu.ctx.env.dataDir, 'attachments', file!.storage_key));
    expect(onDisk.toString('latin1')).not.toContain(`walrus${t}`);

    const contact = await call(kefu, 'GET', `/api/v1/contacts/${first.contactId}`, ws.tokens.agent);
    expect(contact.body).toMatchObject({ email, phone: '+8613912345678' });
    const messages = await call(kefu, 'GET', `/api/v1/conversations/${first.conversation.id}/messages`, ws.tokens.agent);
    expect(messages.body.items.map((m: { content: string }) => m.content)).toEqual([words, `second note quokka${t}`]);
    const back = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${upload.json().id}`,
      headers: { authorization: `Bearer ${ws.tokens.agent}` },
    });
    expect(back.body).toBe(`secret file body walrus${t}`);
    // Search still finds whole words (through their keyed hashes); the inbox list shows the decrypted last message.
    const found = await call(kefu, 'GET', `/api/v1/messages/search?q=${encodeURIComponent(`zebrafish${t}`)}`, ws.tokens.agent);
    expect(found.body.items.map((i: { message: { content: string } }) => i.message.content)).toEqual([words]);
    const list = await call(kefu, 'GET', `/api/v1/conversations?contactId=${first.contactId}`, ws.tokens.agent);
    expect(list.body.items[0].lastMessage.content).toBe(`second note quokka${t}`);
  });

  it('finds the same contact by email and phone: a customer who chatted by app and then emails is one contact', async () => {
    const t = tag();
    const email = `Wang.${t}@Example.cn`;
    const viaApp = await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: `app-${t}` },
      profile: { email, phone: `+86 137 0000 ${t.slice(0, 4).replace(/\D/g, '1').padEnd(4, '1')}` },
      message: { sourceId: `a-${t}`, content: 'hello' },
    });
    const viaEmail = await receiveMessage(kefu.ctx, emailInbox, {
      identity: { kind: 'email', value: email.toLowerCase() },
      profile: { email, name: 'Wang' },
      message: { sourceId: `<e-${t}@example.cn>`, content: 'following up by mail' },
    });
    expect(viaEmail.contactId).toBe(viaApp.contactId);
    const search = await call(kefu, 'GET', `/api/v1/contacts?q=${encodeURIComponent(email.toUpperCase())}`, ws.tokens.agent);
    expect(search.body.items.map((c: { id: string }) => c.id)).toEqual([viaApp.contactId]);
    const contact = await call(kefu, 'GET', `/api/v1/contacts/${viaApp.contactId}`, ws.tokens.agent);
    const byPhone = await call(kefu, 'GET', `/api/v1/contacts?q=${encodeURIComponent(contact.body.phone)}`, ws.tokens.agent);
    expect(byPhone.body.items.map((c: { id: string }) => c.id)).toEqual([viaApp.contactId]);
  });

  it('rotates the data key while messages keep arriving: every row readable, nothing left under the old key, which is retired (audited)', async () => {
    const t = tag();
    const before = await call(kefu, 'GET', '/api/v1/encryption', ws.tokens.admin);
    const oldKey = before.body.activeKeyId;
    const sent = Array.from({ length: 12 }, (_, i) => `rotation message ${i} ${t}`);
    const writes = sent.map((content, i) =>
      receiveMessage(kefu.ctx, appInbox, {
        identity: { kind: 'app', value: `rot-${t}-${i % 3}` },
        profile: i < 3 ? { email: `r${i}.${t}@x.cn` } : undefined,
        message: { sourceId: `r-${t}-${i}`, content },
      }),
    );
    const rotated = await call(kefu, 'POST', '/api/v1/encryption/rotate', ws.tokens.admin);
    expect(rotated.status, rotated.raw).toBe(202);
    const stored = await Promise.all(writes);
    await kefu.drainJobs();

    const after = await call(kefu, 'GET', '/api/v1/encryption', ws.tokens.admin);
    expect(after.body.activeKeyId).not.toBe(oldKey);
    expect(after.body.rowsLeft).toEqual({ contacts: 0, messages: 0, attachments: 0 });
    expect(after.body.keys.find((k: { id: string }) => k.id === oldKey).status).toBe('retired');
    const [left] = await sql<{ n: number }>(kefu, `select count(*)::int as n from messages where workspace_id = $1 and content like $2`, [
      ws.id,
      `ENC1:${oldKey}:%`,
    ]);
    expect(left!.n).toBe(0);
    for (const [i, s] of stored.entries()) {
      const page = await call(kefu, 'GET', `/api/v1/conversations/${s.conversation.id}/messages?limit=200`, ws.tokens.agent);
      expect(page.body.items.map((m: { content: string }) => m.content)).toContain(sent[i]);
    }
    const audit = await auditEvents(kefu, ws.tokens.admin, { action: 'encryption.key_rotated' });
    expect(audit[0]).toMatchObject({ actorId: ws.users.admin.id, before: { activeKeyId: oldKey }, after: { activeKeyId: after.body.activeKeyId } });
    expectError(await call(kefu, 'POST', '/api/v1/encryption/rotate', ws.tokens.agent), 'forbidden');
  });

  it('seals with the new key at once after a rotation, even when this node was reading its keys as it committed', async () => {
    forgetRing(ws.id);
    let active = '';
    const sealed = await kefu.ctx.db.transaction(
      async (tx) => {
        // This transaction's snapshot is taken before the rotation, and its key read waits behind the sleep: it returns the
        // old keys after the rotation has committed and this node has forgotten its cache.
        const sleeping = tx.execute(dsql`select pg_sleep(1)`).then(() => undefined); // drizzle runs a query once it is awaited
        const reading = workspaceCipher(tx, ws.id);
        const rotated = await call(kefu, 'POST', '/api/v1/encryption/rotate', ws.tokens.admin);
        expect(rotated.status, rotated.raw).toBe(202);
        active = rotated.body.activeKeyId as string;
        await sleeping;
        return (await reading).seal('messages.content', 'in flight');
      },
      { isolationLevel: 'repeatable read' },
    );
    expect(active).toMatch(/^ekey_/);
    expect(sealed.startsWith(`ENC1:${active}:`)).toBe(false); // the read in flight saw the old key…
    // …but did not leave it cached: the next write seals under the new one.
    expect((await workspaceCipher(kefu.ctx.db, ws.id)).seal('messages.content', 'next').startsWith(`ENC1:${active}:`)).toBe(true);
    await kefu.drainJobs();
  });

  it('answers decryption_failed for tampered ciphertext and for another tenant’s ciphertext pasted into a row', async () => {
    const t = tag();
    const mine = await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: `tamper-${t}` },
      profile: { email: `t.${t}@x.cn` },
      message: { sourceId: `t-${t}`, content: 'intact text' },
    });
    const theirs = await receiveMessage(kefu.ctx, await inbox(other, 'api'), {
      identity: { kind: 'app', value: `b-${t}` },
      profile: { email: `b.${t}@x.cn` },
      message: { sourceId: `b-${t}`, content: 'x' },
    });

    const [row] = await sql<{ content: string }>(kefu, 'select content from messages where workspace_id = $1 and id = $2', [ws.id, mine.message.id]);
    const flipped = row!.content.slice(0, -3) + (row!.content.endsWith('AAA') ? 'BBB' : 'AAA');
    await sql(kefu, 'update messages set content = $3 where workspace_id = $1 and id = $2', [ws.id, mine.message.id, flipped]);
    expectError(await call(kefu, 'GET', `/api/v1/conversations/${mine.conversation.id}/messages`, ws.tokens.agent), 'decryption_failed');

    const [b] = await sql<{ email: string }>(kefu, 'select email from contacts where workspace_id = $1 and id = $2', [other.id, theirs.contactId]);
    expect(b!.email.startsWith('ENC1:')).toBe(true);
    await sql(kefu, 'update contacts set email = $3 where workspace_id = $1 and id = $2', [ws.id, mine.contactId, b!.email]);
    expectError(await call(kefu, 'GET', `/api/v1/contacts/${mine.contactId}`, ws.tokens.agent), 'decryption_failed');
    // The same value copied into another column of the same tenant fails too.
    const [a] = await sql<{ phone: string | null; email: string }>(kefu, 'select email from contacts where workspace_id = $1 and id = $2', [
      other.id,
      theirs.contactId,
    ]);
    await sql(kefu, 'update contacts set phone = $3 where workspace_id = $1 and id = $2', [other.id, theirs.contactId, a!.email]);
    expectError(await call(kefu, 'GET', `/api/v1/contacts/${theirs.contactId}`, other.tokens.agent), 'decryption_failed');
  });

  it('reads plaintext rows written before encryption, and keeps message text plain in workspaces that did not opt in', async () => {
    const t = tag();
    const plainInbox = await inbox(other, 'api');
    const stored = await receiveMessage(kefu.ctx, plainInbox, {
      identity: { kind: 'app', value: `p-${t}` },
      message: { sourceId: `p-${t}`, content: `plain words ${t}` },
    });
    const [row] = await sql<{ content: string }>(kefu, 'select content from messages where workspace_id = $1 and id = $2', [
      other.id,
      stored.message.id,
    ]);
    expect(row!.content).toBe(`plain words ${t}`);
    await sql(kefu, 'update contacts set email = $3, email_hash = null where workspace_id = $1 and id = $2', [
      other.id,
      stored.contactId,
      `legacy.${t}@x.cn`,
    ]);
    const contact = await call(kefu, 'GET', `/api/v1/contacts/${stored.contactId}`, other.tokens.agent);
    expect(contact.body.email).toBe(`legacy.${t}@x.cn`);
  });

  it('refuses to boot with a master key that did not wrap the stored keys', async () => {
    const wrong = { current: masterKey(randomBytes(32)) };
    await expect(checkAndRewrap(kefu.ctx.db, wrong, pino({ level: 'silent' }))).rejects.toThrow(MasterKeyError);
    await expect(checkAndRewrap(kefu.ctx.db, wrong, pino({ level: 'silent' }))).rejects.toThrow(/KEFU_MASTER_KEY does not match/);
  });
});
