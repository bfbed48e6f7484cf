import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, findContactByEmailOrPhone, openContactFields, type ContactRow } from '../contacts/index.ts';
import { teams } from '../routing/index.ts';
import { portalGrants, portalSessions, portalSettings, type PortalGrantRow, type PortalSessionRow } from './schema.ts';

export async function insertGrant(db: DbOrTx, row: typeof portalGrants.$inferInsert): Promise<void> {
  await db.insert(portalGrants).values(row);
}

/** Marks a single-use grant used and returns it, only when it is unused and unexpired (one winner under races). */
export async function consumeGrant(db: DbOrTx, workspaceId: string, tokenHash: string, now: Date): Promise<PortalGrantRow | undefined> {
  const [row] = await db
    .update(portalGrants)
    .set({ usedAt: now })
    .where(
      and(
        eq(portalGrants.tokenHash, tokenHash),
        eq(portalGrants.workspaceId, workspaceId),
        eq(portalGrants.kind, 'sign_in'),
        isNull(portalGrants.usedAt),
        gt(portalGrants.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

/** An unused, unexpired sign-in grant, without using it (mail scanners that open links must not spend them). */
export async function findSignInGrant(db: DbOrTx, workspaceId: string, tokenHash: string, now: Date): Promise<PortalGrantRow | undefined> {
  const [row] = await db
    .select()
    .from(portalGrants)
    .where(
      and(
        eq(portalGrants.tokenHash, tokenHash),
        eq(portalGrants.workspaceId, workspaceId),
        eq(portalGrants.kind, 'sign_in'),
        isNull(portalGrants.usedAt),
        gt(portalGrants.expiresAt, now),
      ),
    );
  return row;
}

/** A reusable `ticket` grant that has not expired. */
export async function findTicketGrant(db: DbOrTx, workspaceId: string, tokenHash: string, now: Date): Promise<PortalGrantRow | undefined> {
  const [row] = await db
    .select()
    .from(portalGrants)
    .where(
      and(
        eq(portalGrants.tokenHash, tokenHash),
        eq(portalGrants.workspaceId, workspaceId),
        eq(portalGrants.kind, 'ticket'),
        gt(portalGrants.expiresAt, now),
      ),
    );
  return row;
}

export async function insertSession(db: DbOrTx, row: typeof portalSessions.$inferInsert): Promise<void> {
  await db.insert(portalSessions).values(row);
}

export async function findSession(db: DbOrTx, workspaceId: string, tokenHash: string, now: Date): Promise<PortalSessionRow | undefined> {
  const [row] = await db
    .select()
    .from(portalSessions)
    .where(and(eq(portalSessions.tokenHash, tokenHash), eq(portalSessions.workspaceId, workspaceId), gt(portalSessions.expiresAt, now)));
  return row;
}

export async function deleteSession(db: DbOrTx, workspaceId: string, tokenHash: string): Promise<void> {
  await db.delete(portalSessions).where(and(eq(portalSessions.tokenHash, tokenHash), eq(portalSessions.workspaceId, workspaceId)));
}

/** Drops expired grants and sessions (a periodic sweep keeps the tables small). */
export async function deleteExpired(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(portalGrants).where(lt(portalGrants.expiresAt, now));
  await db.delete(portalSessions).where(lt(portalSessions.expiresAt, now));
}

export async function selectReopenDays(db: DbOrTx, workspaceId: string): Promise<number | undefined> {
  const [row] = await db.select({ days: portalSettings.reopenDays }).from(portalSettings).where(eq(portalSettings.workspaceId, workspaceId));
  return row?.days;
}

export async function upsertReopenDays(db: DbOrTx, workspaceId: string, reopenDays: number): Promise<void> {
  await db
    .insert(portalSettings)
    .values({ workspaceId, reopenDays })
    .onConflictDoUpdate({ target: portalSettings.workspaceId, set: { reopenDays, updatedAt: sql`now()` } });
}

/** The live (not merged away) contact with this normalized email in the workspace. */
export async function findContactByEmail(db: DbOrTx, workspaceId: string, email: string): Promise<ContactRow | undefined> {
  // Emails are encrypted: the contacts module finds them through their blind index.
  return findContactByEmailOrPhone(db, workspaceId, email);
}

export async function findContactById(db: DbOrTx, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  return row ? (await openContactFields(db, workspaceId, [row]))[0] : undefined;
}

/** Team names by id, for "已派单至<team>" lines (only names: nothing else about the team leaves Kefu). */
export async function selectTeamNames(db: DbOrTx, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
