import type { AppContext } from '../../context.ts';
import { receiveMessage } from '../../flows/receive-message.ts';
import { appError } from '../../lib/errors.ts';
import { unstorableTextPath } from '../../lib/http.ts';
import { resolveContact, type ContactProfile } from '../../modules/contacts/index.ts';
import { advanceOutgoingUpTo, type StoredMessage } from '../../modules/conversations/index.ts';
import { channelSettings, getPublicInbox, type ChannelSettings, type InboxRow } from '../../modules/inboxes/index.ts';
import { getAttachmentRefs, saveAttachment } from '../../storage/attachments.ts';
import { visitorSourcePrefix } from './protocol.ts';
import { findVisitorContactId, findVisitorConversation, type VisitorConversation } from './repo.ts';
import { issueVisitorToken, verifyVisitorToken } from './token.ts';

export type WidgetSettings = ChannelSettings['widget'];

/** An enabled widget inbox with its settings parsed (defaults filled in). */
export interface WidgetInbox {
  inbox: InboxRow;
  settings: WidgetSettings;
}

/** Largest file a visitor may upload. */
export const MAX_WIDGET_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The widget inbox named by a public URL, or `not_found`. */
export async function loadWidgetInbox(ctx: AppContext, inboxId: string): Promise<WidgetInbox> {
  const inbox = await getPublicInbox(ctx.db, inboxId, 'widget');
  const parsed = channelSettings.widget.safeParse(inbox.settings);
  // Without a stored secret no token could ever verify: refuse rather than sign with a throwaway key.
  if (!parsed.success || typeof inbox.settings.visitorSecret !== 'string') {
    ctx.log.warn({ inboxId }, 'widget inbox settings are incomplete; save them once to generate visitorSecret');
    throw appError('not_found');
  }
  return { inbox, settings: parsed.data };
}

/**
 * Browsers name the page that embeds the widget in `Origin`; when the inbox
 * lists allowed origins, anything else (or no Origin at all) is refused.
 */
export function checkOrigin(w: WidgetInbox, origin: string | undefined): void {
  const allowed = w.settings.allowedOrigins;
  if (allowed.length === 0) return;
  const ok = origin !== undefined && allowed.some((entry) => new URL(entry).origin === origin);
  if (!ok) throw appError('origin_not_allowed');
}

/** The visitor behind a token, or `visitor_token_invalid`. */
export function authenticateVisitor(w: WidgetInbox, token: string | undefined): string {
  const visitorId = verifyVisitorToken(w.settings.visitorSecret, w.inbox.id, token);
  if (!visitorId) throw appError('visitor_token_invalid');
  return visitorId;
}

export interface VisitorSession {
  visitorToken: string;
  contactId: string | null;
  conversationId: string | null;
  lastSeq: number;
}

/** The conversation a visitor currently sees (their latest one in this inbox), if they ever wrote. */
export async function findCurrentConversation(
  ctx: AppContext,
  w: WidgetInbox,
  visitorId: string,
): Promise<(VisitorConversation & { contactId: string }) | undefined> {
  const contactId = await findVisitorContactId(ctx.db, w.inbox.workspaceId, visitorId);
  if (!contactId) return undefined;
  const current = await findVisitorConversation(ctx.db, w.inbox.workspaceId, w.inbox.id, contactId, visitorSourcePrefix(visitorId));
  return current && { ...current, contactId };
}

/**
 * Start or resume a visitor. A valid token keeps its visitor; anything else
 * gets a new one. A pre-chat `profile` creates (or fills in) the contact
 * now — a known email or phone joins that existing contact — otherwise the
 * contact appears with the first message.
 */
export async function openVisitorSession(
  ctx: AppContext,
  w: WidgetInbox,
  input: { visitorToken?: string; profile?: ContactProfile; locale?: 'zh-CN' | 'en' },
): Promise<VisitorSession> {
  const known = verifyVisitorToken(w.settings.visitorSecret, w.inbox.id, input.visitorToken);
  const { visitorId, token } = issueVisitorToken(w.settings.visitorSecret, w.inbox.id, known ?? undefined);
  if (input.profile && Object.values(input.profile).some(Boolean)) {
    const profile = { ...input.profile, locale: input.locale ?? null };
    await ctx.db.transaction((tx) => resolveContact(tx, w.inbox.workspaceId, { kind: 'widget', value: visitorId }, profile));
  }
  const current = await findCurrentConversation(ctx, w, visitorId);
  const contactId = current?.contactId ?? (await findVisitorContactId(ctx.db, w.inbox.workspaceId, visitorId)) ?? null;
  return { visitorToken: token, contactId, conversationId: current?.conversationId ?? null, lastSeq: current?.lastSeq ?? 0 };
}

/**
 * Store one visitor message through the shared inbound flow. The sourceId
 * is the widget's clientMessageId under the visitor's namespace, so a resend
 * after a lost ack returns the stored message instead of a second one.
 */
export async function receiveVisitorMessage(
  ctx: AppContext,
  w: WidgetInbox,
  visitorId: string,
  input: { clientMessageId: string; content: string; attachmentIds: string[] },
): Promise<StoredMessage> {
  if (unstorableTextPath(input.content))
    throw appError('validation_failed', [{ path: ['content'], message: 'must be well-formed Unicode without NUL (U+0000)' }]);
  const attachments = await getAttachmentRefs(ctx, w.inbox.workspaceId, input.attachmentIds);
  if (!input.content.trim() && attachments.length === 0) throw appError('validation_failed', [{ path: ['content'], message: 'must not be empty' }]);
  return receiveMessage(ctx, w.inbox, {
    identity: { kind: 'widget', value: visitorId },
    message: { sourceId: visitorSourcePrefix(visitorId) + input.clientMessageId, content: input.content, attachments },
  });
}

/** Store a visitor's upload; a message frame then names it in `attachmentIds`. */
export function saveVisitorAttachment(ctx: AppContext, w: WidgetInbox, file: { filename: string; contentType: string; data: Buffer }) {
  return saveAttachment(ctx, w.inbox.workspaceId, file);
}

/** Read receipts: every answer up to `seq` in the conversation becomes `delivered` or `read`; listeners hear `message.updated`. */
export async function markAnswersSeen(
  ctx: AppContext,
  w: WidgetInbox,
  conversationId: string,
  seq: number,
  status: 'delivered' | 'read',
): Promise<number> {
  const workspaceId = w.inbox.workspaceId;
  const updated = await advanceOutgoingUpTo(ctx.db, workspaceId, conversationId, seq, status);
  for (const message of updated) ctx.bus.emit('message.updated', { workspaceId, message });
  return updated.length;
}
