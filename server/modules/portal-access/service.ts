import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import type { ContactRow } from '../contacts/index.ts';
import { normalizeEmail } from '../contacts/index.ts';
import {
  consumeGrant,
  deleteExpired,
  deleteSession,
  findContactByEmail,
  findContactById,
  findSession,
  findSignInGrant,
  findTicketGrant,
  insertGrant,
  insertSession,
  selectReopenDays,
  selectTeamNames,
  upsertReopenDays,
} from './repo.ts';
import type { PortalSessionRow } from './schema.ts';

/** A sign-in link works for 15 minutes, once. */
export const SIGN_IN_TTL_MS = 15 * 60_000;
/** A per-ticket link keeps working for half a year (it is in the customer's mail). */
export const TICKET_LINK_TTL_MS = 180 * 24 * 3600_000;
/** A session from a sign-in link lasts a week; one from a ticket link a day. */
export const SESSION_TTL_MS = 7 * 24 * 3600_000;
export const TICKET_SESSION_TTL_MS = 24 * 3600_000;
export const DEFAULT_REOPEN_DAYS = 7;

/** A random 256-bit token, URL-safe. */
export const newToken = () => randomBytes(32).toString('base64url');
/** What is stored instead of a token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** Tokens we hand out look like this; anything else is refused before touching the database. */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/**
 * Start a sign-in: when the workspace has a contact with this email, store a
 * single-use link and return its token (the caller mails it); otherwise
 * return null. The caller answers both the same way, so the page does not
 * reveal who is a customer.
 */
export async function createSignInLink(
  db: DbOrTx,
  workspaceId: string,
  email: string,
  now = new Date(),
): Promise<{ token: string; contact: ContactRow } | null> {
  const normalized = normalizeEmail(email);
  const contact = normalized ? await findContactByEmail(db, workspaceId, normalized) : undefined;
  if (!contact) return null;
  const token = newToken();
  await insertGrant(db, {
    tokenHash: hashToken(token),
    workspaceId,
    kind: 'sign_in',
    contactId: contact.id,
    expiresAt: new Date(now.getTime() + SIGN_IN_TTL_MS),
  });
  return { token, contact };
}

/** A link that opens one ticket without signing in; a new one per mail, each stored hashed. */
export async function createTicketLink(db: DbOrTx, workspaceId: string, contactId: string, ticketId: string, now = new Date()): Promise<string> {
  const token = newToken();
  await insertGrant(db, {
    tokenHash: hashToken(token),
    workspaceId,
    kind: 'ticket',
    contactId,
    ticketId,
    expiresAt: new Date(now.getTime() + TICKET_LINK_TTL_MS),
  });
  return token;
}

/** A new session; returns the cookie value. */
async function openSession(db: DbOrTx, workspaceId: string, contactId: string, ticketId: string | null, ttlMs: number, now: Date) {
  const token = newToken();
  await insertSession(db, { tokenHash: hashToken(token), workspaceId, contactId, ticketId, expiresAt: new Date(now.getTime() + ttlMs) });
  return { token, maxAgeSeconds: Math.floor(ttlMs / 1000) };
}

/** Whether a sign-in link would still work (the page that asks to confirm it does not spend it). */
export async function isSignInLinkValid(db: DbOrTx, workspaceId: string, token: string, now = new Date()): Promise<boolean> {
  return tokenSchema.safeParse(token).success && (await findSignInGrant(db, workspaceId, hashToken(token), now)) !== undefined;
}

/** Use a sign-in link: a session for the contact, or null when the link is unknown, used or expired. */
export async function redeemSignInLink(db: DbOrTx, workspaceId: string, token: string, now = new Date()) {
  if (!tokenSchema.safeParse(token).success) return null;
  const grant = await consumeGrant(db, workspaceId, hashToken(token), now);
  if (!grant) return null;
  return openSession(db, workspaceId, grant.contactId, null, SESSION_TTL_MS, now);
}

/** Use a ticket link: a session limited to that ticket, or null. */
export async function redeemTicketLink(db: DbOrTx, workspaceId: string, token: string, now = new Date()) {
  if (!tokenSchema.safeParse(token).success) return null;
  const grant = await findTicketGrant(db, workspaceId, hashToken(token), now);
  if (!grant?.ticketId) return null;
  const session = await openSession(db, workspaceId, grant.contactId, grant.ticketId, TICKET_SESSION_TTL_MS, now);
  return { ...session, ticketId: grant.ticketId, contactId: grant.contactId };
}

/** Who the cookie belongs to: the session and its contact, or null. */
export async function findPortalSession(
  db: DbOrTx,
  workspaceId: string,
  token: string | undefined,
  now = new Date(),
): Promise<{ session: PortalSessionRow; contact: ContactRow } | null> {
  if (!token || !tokenSchema.safeParse(token).success) return null;
  const session = await findSession(db, workspaceId, hashToken(token), now);
  const contact = session && (await findContactById(db, workspaceId, session.contactId));
  return session && contact ? { session, contact } : null;
}

export async function endPortalSession(db: DbOrTx, workspaceId: string, token: string | undefined): Promise<void> {
  if (token && tokenSchema.safeParse(token).success) await deleteSession(db, workspaceId, hashToken(token));
}

export async function sweepPortalAccess(db: DbOrTx, now = new Date()): Promise<void> {
  await deleteExpired(db, now);
}

export const portalSettingsBody = z.object({ reopenDays: z.number().int().min(0).max(365) }).strict();

/** Days a customer may reopen a resolved ticket (workspace setting, default 7; 0 = never). */
export async function getReopenDays(db: DbOrTx, workspaceId: string): Promise<number> {
  return (await selectReopenDays(db, workspaceId)) ?? DEFAULT_REOPEN_DAYS;
}

/** Change the reopen window, audited in the same transaction. */
export async function setReopenDays(db: Db, actor: Actor, days: number): Promise<number> {
  const workspaceId = actor.principal.workspaceId;
  await db.transaction(async (tx) => {
    const before = await selectReopenDays(tx, workspaceId);
    await upsertReopenDays(tx, workspaceId, days);
    await recordAudit(tx, actor, {
      action: 'portal.settings_updated',
      targetType: 'workspace',
      targetId: workspaceId,
      before: { reopenDays: before ?? DEFAULT_REOPEN_DAYS },
      after: { reopenDays: days },
    });
  });
  return days;
}

/** Whether a ticket resolved at `resolvedAt` may still be reopened by its customer. */
export function canReopen(ticket: { status: string; resolvedAt: Date | null }, reopenDays: number, now = new Date()): boolean {
  if (ticket.status !== 'resolved' || !ticket.resolvedAt) return false;
  return now.getTime() - ticket.resolvedAt.getTime() <= reopenDays * 24 * 3600_000;
}

/** Team names by id, for the customer's "已派单至<team>" lines (the name is all that reaches the customer). */
export function teamNamesOf(db: DbOrTx, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  return selectTeamNames(db, workspaceId, ids);
}
