import net from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { call, uniqueTag } from '../../test/factories.ts';
import { startSmtpListener, type SmtpListener } from './listener.ts';

/** Test support for the email channel: a Kefu with its SMTP listener on a free port, and a mail client pointed at it. */
export interface EmailKit {
  kefu: TestKefu;
  ws: TestWorkspace;
  listener: SmtpListener;
  /** Send real mail to Kefu's listener over SMTP. */
  send(mail: Mail.Options): Promise<{ accepted: unknown[]; response: string }>;
  /** A new enabled email inbox with a unique address (and more settings, e.g. IMAP). */
  createInbox(settings?: Record<string, unknown>): Promise<{ id: string; address: string }>;
  close(): Promise<void>;
}

export async function startEmailKit(env: Record<string, string> = {}): Promise<EmailKit> {
  const kefu = await buildTestKefu(env);
  const ws = await createTestWorkspace(kefu);
  const listener = await startSmtpListener(kefu.ctx, { host: '127.0.0.1', port: 0 });
  const mailer = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  return {
    kefu,
    ws,
    listener,
    send: (mail) => mailer.sendMail(mail),
    async createInbox(settings = {}) {
      const address = `support-${uniqueTag()}@shop.test`;
      const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, {
        channel: 'email',
        name: 'Support mail',
        settings: { address, fromName: 'Shop Support', ...settings },
      });
      if (res.status !== 201) throw new Error(`inbox failed: ${res.raw}`);
      return { id: res.body.id as string, address };
    },
    async close() {
      mailer.close();
      await listener.stop();
      await kefu.close();
    },
  };
}

export interface ConversationSeen {
  id: string;
  contactId: string;
  subject: string | null;
  status: string;
}

export interface MessageSeen {
  id: string;
  type: string;
  content: string;
  status: string;
  error: string | null;
  contentAttributes: { email?: Record<string, unknown> };
  attachments: { id: string; filename: string; contentType: string; size: number }[];
}

/** The conversations of an inbox as an agent sees them through the API. */
export async function conversationsOf(kit: EmailKit, inboxId: string): Promise<ConversationSeen[]> {
  const res = await call(kit.kefu, 'GET', `/api/v1/conversations?inboxId=${inboxId}&limit=100`, kit.ws.tokens.agent);
  if (res.status !== 200) throw new Error(`list failed: ${res.raw}`);
  return res.body.items as ConversationSeen[];
}

export async function messagesOf(kit: EmailKit, conversationId: string): Promise<MessageSeen[]> {
  const res = await call(kit.kefu, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=200`, kit.ws.tokens.agent);
  if (res.status !== 200) throw new Error(`messages failed: ${res.raw}`);
  return res.body.items as MessageSeen[];
}

/** A Message-ID as a customer's mail client would make one. */
export const customerMessageId = () => `<${uniqueTag()}.${uniqueTag()}@customer.example>`;

/** A scriptable IMAP server (hoodiecrow) behind a TCP relay that a test can cut, as a network or server restart would. */
export interface ImapPeer {
  /** Inbox settings that point Kefu at it. */
  settings: { imapHost: string; imapPort: number; imapSecure: boolean; imapUser: string; imapPassword: string };
  /** Put a mail into INBOX as the mail server would on delivery; returns its UID. */
  deliver(mail: Mail.Options | Buffer, flags?: string[]): Promise<number>;
  /** The flags of a message by UID, as the server holds them. */
  flagsOf(uid: number): string[];
  /** Drop every open connection. */
  cut(): void;
  close(): Promise<void>;
}

/** Start an IMAP peer on free loopback ports with a fresh user and an empty INBOX. */
export async function startImapPeer(): Promise<ImapPeer> {
  const user = `kefu-${uniqueTag()}`;
  const password = `pw-${uniqueTag()}`;
  const imap = hoodiecrow({
    plugins: ['IDLE', 'UIDPLUS', 'ENABLE', 'ID', 'UNSELECT', 'SPECIAL-USE', 'LITERALPLUS'],
    users: { [user]: { password } },
  });
  await new Promise<void>((resolve) => imap.listen(0, '127.0.0.1', resolve));
  const imapPort = (imap.server.address() as net.AddressInfo).port;
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(imapPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const inbox = () => imap.getMailbox('INBOX')!;
  return {
    settings: {
      imapHost: '127.0.0.1',
      imapPort: (relay.address() as net.AddressInfo).port,
      imapSecure: false,
      imapUser: user,
      imapPassword: password,
    },
    async deliver(mail, flags = []) {
      const raw = Buffer.isBuffer(mail) ? mail : await new MailComposer(mail).compile().build();
      return imap.appendMessage('INBOX', flags, new Date(), raw.toString('binary')).message.uid;
    },
    flagsOf: (uid) => inbox().messages.find((m) => m.uid === uid)?.flags ?? [],
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await new Promise<void>((resolve) => imap.close(() => resolve()));
    },
  };
}
