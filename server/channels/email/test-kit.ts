import { createTransport } from 'nodemailer';
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
  /** A new enabled email inbox with a unique address. */
  createInbox(): Promise<{ id: string; address: string }>;
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
    async createInbox() {
      const address = `support-${uniqueTag()}@shop.test`;
      const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, {
        channel: 'email',
        name: 'Support mail',
        settings: { address, fromName: 'Shop Support' },
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
