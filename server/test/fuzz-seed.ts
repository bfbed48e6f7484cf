import { createHmac } from 'node:crypto';
import { PortalClient } from '../portal/ticket-test-kit.ts';
import { addFaqs } from '../portal/portal-test-kit.ts';
import { createWidgetInbox, openSession } from '../channels/widget/test-client.ts';
import { loadWidgetInbox, receiveVisitorMessage } from '../channels/widget/service.ts';
import { call, uniqueTag } from './factories.ts';
import { createTestWorkspace, type TestKefu, type TestWorkspace } from './harness.ts';

/**
 * A workspace whose private data all carries one marker string, for the
 * cross-workspace properties: a contact (name, email), a widget chat with an
 * agent's reply and a note, an uploaded file, a widget ticket, an API-channel
 * message, a help center FAQ item and category, and a portal ticket with a
 * signed-in customer.
 */
export interface SeededWorkspace {
  ws: TestWorkspace;
  marker: string;
  widget: { inboxId: string; token: string; contactId: string; conversationId: string; ticketId: string; attachmentId: string };
  api: { inboxId: string; secret: string; conversationId: string; userId: string };
  portal: { client: PortalClient; ticketNumber: string; faqKey: string };
  /** Every real id above, for fuzzed paths. */
  ids: string[];
}

/** POST to a signed channel route, signed as docs/channels/api.md says. */
export async function signedInject(kefu: TestKefu, path: string, secret: string, body: string, headers: Record<string, string> = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.POST.${path}.${body}`).digest('hex')}`;
  return kefu.app.inject({
    method: 'POST',
    url: path,
    payload: body,
    headers: { 'content-type': 'application/json', 'x-kefu-timestamp': timestamp, 'x-kefu-signature': signature, ...headers },
  });
}

function must<T>(res: { statusCode: number; body: string; json(): T }, what: string): T {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function seedWidget(kefu: TestKefu, ws: TestWorkspace, marker: string): Promise<SeededWorkspace['widget']> {
  const inboxId = await createWidgetInbox(kefu, ws.tokens.admin, { rateLimit: { burst: 10_000, perMinute: 1_000_000 } });
  const session = await openSession(kefu, inboxId, { profile: { name: `${marker} name`, email: `${marker}@example.test` } });
  const token = session.body.visitorToken;
  const auth = { authorization: `Bearer ${token}` };
  const upload = await kefu.app.inject({
    method: 'POST',
    url: `/channels/widget/${inboxId}/attachments`,
    headers: { ...auth, 'content-type': 'application/octet-stream', 'x-filename': `${marker}.txt`, 'x-file-type': 'text/plain' },
    payload: Buffer.from(`${marker} file`),
  });
  const attachmentId = must<{ id: string }>(upload, 'upload').id;
  const widget = await loadWidgetInbox(kefu.ctx, inboxId);
  const visitorId = token.split('.')[1]!;
  const stored = await receiveVisitorMessage(kefu.ctx, widget, visitorId, {
    clientMessageId: `seed-${uniqueTag()}`,
    content: `${marker} message`,
    attachmentIds: [attachmentId],
  });
  const conversationId = stored.conversation.id;
  for (const [type, content] of [
    ['reply', `${marker} reply`],
    ['note', `${marker} note`],
  ]) {
    const res = await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.admin, {
      content,
      ...(type === 'note' ? { private: true } : {}),
    });
    if (res.status !== 201) throw new Error(`${type}: ${res.raw}`);
  }
  const ticket = await kefu.app.inject({
    method: 'POST',
    url: `/channels/widget/${inboxId}/tickets`,
    headers: auth,
    payload: { subject: `${marker} subject`, description: `${marker} description`, attachmentIds: [attachmentId] },
  });
  const ticketId = must<{ id: string }>(ticket, 'widget ticket').id;
  return { inboxId, token, contactId: stored.conversation.contactId, conversationId, ticketId, attachmentId };
}

async function seedApi(kefu: TestKefu, ws: TestWorkspace, marker: string): Promise<SeededWorkspace['api']> {
  const inbox = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App', settings: {} });
  if (inbox.status !== 201) throw new Error(`api inbox: ${inbox.raw}`);
  const inboxId = inbox.body.id as string;
  const secret = String(inbox.body.settings.webhookSecret);
  const userId = `u-${uniqueTag()}`;
  const body = JSON.stringify({ userId, name: `${marker} app user`, clientMessageId: `c-${uniqueTag()}`, content: `${marker} app message` });
  const res = must<{ conversationId: string }>(await signedInject(kefu, `/channels/api/${inboxId}/messages`, secret, body), 'api message');
  return { inboxId, secret, conversationId: res.conversationId, userId };
}

async function seedPortal(kefu: TestKefu, ws: TestWorkspace, marker: string): Promise<SeededWorkspace['portal']> {
  // Keys and category names carry no marker: fuzzed paths use them, and a page may echo its path.
  const faqKey = `faq-${uniqueTag()}`;
  await addFaqs(kefu, ws, [
    { key: faqKey, locale: 'zh-CN', question: `${marker} 问题`, answer: `${marker} 答案`, category: [`c${uniqueTag()}分类`] },
    { key: `${faqKey}-draft`, locale: 'zh-CN', question: `${marker} draft`, answer: `${marker} draft`, status: 'draft' },
  ]);
  const client = new PortalClient(kefu);
  const base = `/help/${ws.slug}/tickets/new?lang=zh-CN`;
  await client.get(base);
  const created = await client.post(base, {
    confirmed: '1',
    subject: `${marker} portal subject`,
    description: `${marker} portal description`,
    email: `${marker}.portal@example.test`,
    name: `${marker} portal name`,
  });
  const ticketNumber = /T-\d{4}-\d{6}/.exec(created.body)?.[0];
  const access = /href="(?:https?:\/\/[^/"]+)?(\/help\/[^"]+\/tickets\/access\/[^"?]+)/.exec(created.body)?.[1];
  if (created.status !== 201 || !ticketNumber || !access) throw new Error(`portal ticket: ${created.status} ${created.body.slice(0, 500)}`);
  await client.get(access);
  return { client, ticketNumber, faqKey };
}

/** Build one marked workspace (see `SeededWorkspace`). */
export async function seedMarkedWorkspace(kefu: TestKefu, name: string): Promise<SeededWorkspace> {
  const ws = await createTestWorkspace(kefu, name);
  const marker = `zqx${uniqueTag()}mark`;
  const widget = await seedWidget(kefu, ws, marker);
  const api = await seedApi(kefu, ws, marker);
  const portal = await seedPortal(kefu, ws, marker);
  const ids = [
    ws.id,
    ...Object.values(ws.users).map((u) => u.id),
    widget.inboxId,
    widget.contactId,
    widget.conversationId,
    widget.ticketId,
    widget.attachmentId,
    api.inboxId,
    api.conversationId,
  ];
  return { ws, marker, widget, api, portal, ids };
}
