import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { loadEnv } from '../../env.ts';
import { call, expectError, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, type TestKefu } from '../../test/harness.ts';
import { startImapPollers, type ImapPollers } from './imap-poller.ts';
import { emailAdapter } from './index.ts';
import { conversationsOf, customerMessageId, messagesOf, startEmailKit, startImapPeer, type EmailKit } from './test-kit.ts';

let kit: EmailKit;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  kit = await startEmailKit();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await kit?.close();
});

const fast = { rescanMs: 60_000, pollMs: 60_000, initialBackoffMs: 20, maxBackoffMs: 200 };
const eventually = { timeout: 15_000, interval: 50 };
const customer = () => `buyer.${uniqueTag()}@customer.example`;

/** An IMAP peer and an email inbox polling it; both are removed after the test (the inbox disabled, so no later poller takes it). */
async function mailboxInbox() {
  const peer = await startImapPeer();
  const inbox = await kit.createInbox(peer.settings);
  cleanups.push(() => peer.close());
  cleanups.push(() => call(kit.kefu, 'PATCH', `/api/v1/inboxes/${inbox.id}`, kit.ws.tokens.admin, { enabled: false }));
  return { peer, inbox };
}

async function pollers(ctx: AppContext = kit.kefu.ctx): Promise<ImapPollers> {
  const started = await startImapPollers(ctx, fast);
  cleanups.push(() => started.stop());
  return started;
}

/** The texts of the customer's messages in an inbox, in order, once at least `count` are there. */
async function incomingTexts(inboxId: string, count: number): Promise<string[]> {
  let texts: string[] = [];
  await expect
    .poll(async () => {
      const conversations = await conversationsOf(kit, inboxId);
      const messages = (await Promise.all(conversations.map((c) => messagesOf(kit, c.id)))).flat();
      texts = messages.filter((m) => m.type === 'incoming').map((m) => m.content);
      return texts.length;
    }, eventually)
    .toBeGreaterThanOrEqual(count);
  return texts;
}

describe('email inbound: IMAP polling', () => {
  it('started with the email channel, stores unseen mail, marks it seen only once stored, and takes new mail as it arrives', async () => {
    const { peer, inbox } = await mailboxInbox();
    const from = customer();
    const first = customerMessageId();
    const unseen = await peer.deliver({ from, to: inbox.address, subject: '退货', text: '我想退货。', messageId: first });
    const alreadyRead = await peer.deliver({ from, to: inbox.address, subject: 'old', text: 'read in another client' }, ['\\Seen']);

    const stop = await emailAdapter.start!({ ...kit.kefu.ctx, env: loadEnv({ NODE_ENV: 'test', KEFU_SMTP_PORT: '0' }) });
    cleanups.push(stop);
    expect(await incomingTexts(inbox.id, 1)).toEqual(['我想退货。']);
    await expect.poll(() => peer.flagsOf(unseen), eventually).toContain('\\Seen');
    expect(peer.flagsOf(alreadyRead)).toEqual(['\\Seen']);

    await peer.deliver({
      from,
      to: inbox.address,
      subject: 'Re: 退货',
      text: '单号是 SF123。\n\n> 我想退货。',
      inReplyTo: first,
      references: [first],
    });
    expect(await incomingTexts(inbox.id, 2)).toEqual(['我想退货。', '单号是 SF123。']);
    const [conversation, ...others] = await conversationsOf(kit, inbox.id);
    expect(others).toEqual([]);
    expect(conversation).toMatchObject({ subject: '退货' });
  });

  it('stores a mail once when it arrives both at the SMTP listener and in the mailbox', async () => {
    const { peer, inbox } = await mailboxInbox();
    const mail = {
      from: customer(),
      to: inbox.address,
      subject: 'Twice',
      text: 'Forwarded to Kefu and kept in the mailbox',
      messageId: customerMessageId(),
    };
    await kit.send(mail);
    const uid = await peer.deliver(mail);
    await pollers();
    await expect.poll(() => peer.flagsOf(uid), eventually).toContain('\\Seen');
    const [conversation] = await conversationsOf(kit, inbox.id);
    expect((await messagesOf(kit, conversation!.id)).map((m) => m.content)).toEqual(['Forwarded to Kefu and kept in the mailbox']);
  });

  it('leaves a mail unseen when storing it fails, and stores it once when storing works again', async () => {
    const { peer, inbox } = await mailboxInbox();
    let failures = 2;
    const flakyDb = new Proxy(kit.kefu.ctx.db, {
      get(target, key, receiver) {
        if (key === 'transaction' && failures > 0) {
          failures--;
          return () => Promise.reject(new Error('connection terminated'));
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const uid = await peer.deliver({
      from: customer(),
      to: inbox.address,
      subject: 'Retry',
      text: 'Sent while the database hiccuped',
      messageId: customerMessageId(),
    });
    await pollers({ ...kit.kefu.ctx, db: flakyDb });
    expect(await incomingTexts(inbox.id, 1)).toEqual(['Sent while the database hiccuped']);
    expect(failures).toBe(0);
    await expect.poll(() => peer.flagsOf(uid), eventually).toContain('\\Seen');
  });

  it('reconnects after the connection drops and takes the mail that arrived meanwhile', async () => {
    const { peer, inbox } = await mailboxInbox();
    await peer.deliver({ from: customer(), to: inbox.address, subject: 'One', text: 'before the drop' });
    await pollers();
    await incomingTexts(inbox.id, 1);
    peer.cut();
    await peer.deliver({ from: customer(), to: inbox.address, subject: 'Two', text: 'after the drop' });
    expect((await incomingTexts(inbox.id, 2)).sort()).toEqual(['after the drop', 'before the drop']);
  });

  it('marks unreadable mail seen without storing it, and goes on with the next', async () => {
    const { peer, inbox } = await mailboxInbox();
    const junk = await peer.deliver(Buffer.from('X-Nothing: here\r\n\r\n'));
    await peer.deliver({ from: customer(), to: inbox.address, subject: 'Fine', text: 'a readable mail' });
    await pollers();
    expect(await incomingTexts(inbox.id, 1)).toEqual(['a readable mail']);
    expect(peer.flagsOf(junk)).toContain('\\Seen');
  });
});

describe('IMAP polling with several nodes', () => {
  let other: TestKefu;
  beforeAll(async () => {
    other = await buildTestKefu();
  });
  afterAll(async () => {
    await other?.close();
  });

  it('one node polls a mailbox; when it stops, another takes over at its next rescan', async () => {
    const { peer, inbox } = await mailboxInbox();
    const nodes = [await pollers(kit.kefu.ctx), await pollers(other.ctx)];
    const holders = () => nodes.filter((n) => n.active().includes(inbox.id));
    expect(holders()).toHaveLength(1);
    await Promise.all(nodes.map((n) => n.rescan()));
    expect(holders()).toHaveLength(1);

    await peer.deliver({ from: customer(), to: inbox.address, subject: 'A', text: 'first', messageId: customerMessageId() });
    await incomingTexts(inbox.id, 1);
    const [holder] = holders();
    await holder!.stop();
    const successor = nodes.find((n) => n !== holder)!;
    expect(successor.active()).not.toContain(inbox.id);
    await successor.rescan();
    expect(successor.active()).toContain(inbox.id);
    await peer.deliver({ from: customer(), to: inbox.address, subject: 'B', text: 'second', messageId: customerMessageId() });
    expect((await incomingTexts(inbox.id, 2)).sort()).toEqual(['first', 'second']);

    const off = await call(kit.kefu, 'PATCH', `/api/v1/inboxes/${inbox.id}`, kit.ws.tokens.admin, { settings: { imapHost: null } });
    expect(off.status).toBe(200);
    await successor.rescan();
    expect(successor.active()).not.toContain(inbox.id);
  });
});

describe('IMAP settings of an email inbox', () => {
  it('need a user and password with the host, and never show the password again', async () => {
    const address = `imap-${uniqueTag()}@shop.test`;
    const partial = await call(kit.kefu, 'POST', '/api/v1/inboxes', kit.ws.tokens.admin, {
      channel: 'email',
      name: 'Mailbox',
      settings: { address, imapHost: 'imap.example.com' },
    });
    expect(expectError(partial, 'validation_failed').error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['settings', 'imapUser'] }),
        expect.objectContaining({ path: ['settings', 'imapPassword'] }),
      ]),
    );
    const settings = { address, imapHost: 'imap.example.com', imapUser: 'support', imapPassword: 'app-password-1234' };
    const created = await call(kit.kefu, 'POST', '/api/v1/inboxes', kit.ws.tokens.admin, { channel: 'email', name: 'Mailbox', settings });
    expect(created.status).toBe(201);
    for (const seen of [
      await call(kit.kefu, 'GET', `/api/v1/inboxes/${created.body.id}`, kit.ws.tokens.admin),
      await call(kit.kefu, 'PATCH', `/api/v1/inboxes/${created.body.id}`, kit.ws.tokens.admin, { enabled: false }),
    ]) {
      expect(seen.raw).not.toContain('app-password-1234');
      expect(seen.body.settings).toMatchObject({ imapUser: 'support', imapPassword: '…1234' });
    }
  });
});
