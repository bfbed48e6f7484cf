import type { AppContext } from '../../context.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { getContact } from '../contacts/index.ts';
import { findMessage } from '../conversations/index.ts';
import { getTicket, getTicketActivity } from '../tickets/index.ts';
import type { PiiKind } from './detect.ts';
import { findPrivacySettings, upsertPrivacySettings } from './repo.ts';
import { findPii, privacyFor, rememberPrivacy } from './surfaces.ts';
import { compilePrivacy, customPatternProblem, withDefaults, type PrivacySettings } from './settings.ts';

/** The workspace's privacy settings (the defaults — everything masked — until an admin saves some). */
export async function getPrivacySettings(db: DbOrTx, workspaceId: string): Promise<PrivacySettings> {
  return withDefaults(await findPrivacySettings(db, workspaceId));
}

function assertPatterns(settings: PrivacySettings): void {
  const problems = settings.customPatterns.flatMap((p, i) => {
    const problem = customPatternProblem(p.pattern);
    return problem ? [{ in: 'body', path: ['customPatterns', i, 'pattern'], message: problem }] : [];
  });
  if (problems.length) throw appError('pii_pattern_invalid', problems);
}

/** Replace the settings as a whole; audited; this node masks by them at once, others within 30 s. */
export async function savePrivacySettings(ctx: AppContext, actor: Actor, settings: PrivacySettings): Promise<PrivacySettings> {
  assertPatterns(settings);
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await getPrivacySettings(tx, workspaceId);
    await upsertPrivacySettings(tx, workspaceId, settings, actor.principal.id);
    await recordAudit(tx, actor, { action: 'privacy_settings.updated', targetType: 'workspace', targetId: workspaceId, before, after: settings });
  });
  rememberPrivacy(ctx.db, workspaceId, compilePrivacy(settings));
  return settings;
}

/** Clear values with the kinds found; the audit row names the kinds only. */
export interface Revealed {
  kinds: PiiKind[];
  values: { kind: PiiKind; value: string; label?: string }[];
}

async function revealIn(db: Db, workspaceId: string, texts: string[]): Promise<Revealed> {
  const compiled = await privacyFor(db, workspaceId);
  const spans = texts.flatMap((t) => findPii(t, compiled));
  const values = spans.map((s) => ({ kind: s.kind, value: s.value, ...(s.label ? { label: s.label } : {}) }));
  return { kinds: [...new Set(values.map((v) => v.kind))], values };
}

/**
 * The clear text of one message and the values found in it, for a caller
 * holding `pii.reveal`; the audit row (who, which message, which kinds —
 * never the values) commits in the same transaction as the read.
 */
export async function revealMessage(ctx: AppContext, actor: Actor, messageId: string): Promise<Revealed & { content: string }> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const message = await findMessage(tx, workspaceId, messageId);
    if (!message) throw appError('not_found');
    const revealed = await revealIn(ctx.db, workspaceId, [message.content]);
    await recordAudit(tx, actor, {
      action: 'pii.revealed',
      targetType: 'message',
      targetId: messageId,
      after: { conversationId: message.conversationId, kinds: revealed.kinds },
    });
    return { content: message.content, ...revealed };
  });
}

export const revealableContactFields = ['email', 'phone'] as const;
export type RevealableContactField = (typeof revealableContactFields)[number];

/** One contact field in clear (email or phone), audited like {@link revealMessage}. */
export async function revealContactField(ctx: AppContext, actor: Actor, contactId: string, field: RevealableContactField) {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const { contact } = await getContact(tx, workspaceId, contactId);
    const value = contact[field];
    const revealed = await revealIn(ctx.db, workspaceId, value ? [value] : []);
    await recordAudit(tx, actor, { action: 'pii.revealed', targetType: 'contact', targetId: contactId, after: { field, kinds: revealed.kinds } });
    return { field, value, kinds: revealed.kinds };
  });
}

/**
 * A ticket's subject and description in clear with the values found in them,
 * audited like {@link revealMessage} (target `ticket`, the kinds, never the values).
 * Another workspace's ticket is not found.
 */
export async function revealTicket(ctx: AppContext, actor: Actor, ticketId: string): Promise<Revealed & { subject: string; description: string }> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const ticket = await getTicket(tx, workspaceId, ticketId);
    const revealed = await revealIn(ctx.db, workspaceId, [ticket.subject, ticket.description]);
    await recordAudit(tx, actor, { action: 'pii.revealed', targetType: 'ticket', targetId: ticketId, after: { kinds: revealed.kinds } });
    return { subject: ticket.subject, description: ticket.description, ...revealed };
  });
}

/** One line of a ticket's history (a public reply or an internal note) in clear, audited with its ticket. */
export async function revealTicketActivity(ctx: AppContext, actor: Actor, activityId: string): Promise<Revealed & { body: string }> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const activity = await getTicketActivity(tx, workspaceId, activityId);
    const revealed = await revealIn(ctx.db, workspaceId, [activity.body]);
    await recordAudit(tx, actor, {
      action: 'pii.revealed',
      targetType: 'ticket_activity',
      targetId: activityId,
      after: { ticketId: activity.ticketId, kinds: revealed.kinds },
    });
    return { body: activity.body, ...revealed };
  });
}
