import { and, asc, count, eq, gt, isNotNull, isNull, not, or, sql, type Column } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { workspaceCipher } from '../encryption/index.ts';
import { EMAIL, IDENTITY, PHONE } from './repo.ts';
import { contactIdentities, contacts } from './schema.ts';

/*
 * The re-encryption job's part for contacts: move rows written under an
 * older key, or before encryption existed, to the active key, and fill in
 * missing blind-index hashes. Keyset batches, each row locked while it
 * moves, so a concurrent edit either comes before (and is re-encrypted) or
 * after (and is written under the active key anyway). Safe to repeat.
 */

const notUnder = (column: Column, keyId: string) => and(isNotNull(column), not(sql`${column} like ${`ENC1:${keyId}:%`}`));

import { undecryptable, type BatchResult } from '../encryption/index.ts';

/** One batch of contacts after `afterId`; returns where to go on. */
export async function reencryptContacts(db: DbOrTx, workspaceId: string, afterId: string, limit: number): Promise<BatchResult> {
  const cipher = await workspaceCipher(db, workspaceId);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: contacts.id, email: contacts.email, phone: contacts.phone, emailHash: contacts.emailHash, phoneHash: contacts.phoneHash })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), gt(contacts.id, afterId)))
      .orderBy(asc(contacts.id))
      .limit(limit)
      .for('update');
    let moved = 0;
    let failed = 0;
    for (const row of rows) {
      if (await undecryptable(() => moveRow(row))) failed++;
    }
    return { next: rows.length === limit ? rows.at(-1)!.id : null, moved, failed };
    async function moveRow(row: (typeof rows)[number]): Promise<void> {
      const stale = !cipher.isCurrent(row.email) || !cipher.isCurrent(row.phone) || (row.email && !row.emailHash) || (row.phone && !row.phoneHash);
      if (!stale) return;
      const email = cipher.openNullable(EMAIL, row.email);
      const phone = cipher.openNullable(PHONE, row.phone);
      await tx
        .update(contacts)
        .set({
          email: cipher.sealNullable(EMAIL, email),
          phone: cipher.sealNullable(PHONE, phone),
          emailHash: cipher.hashNullable(EMAIL, email),
          phoneHash: cipher.hashNullable(PHONE, phone),
        })
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, row.id)));
      moved++;
    }
  });
}

/** One batch of identities after `afterId`. */
export async function reencryptIdentities(db: DbOrTx, workspaceId: string, afterId: string, limit: number): Promise<BatchResult> {
  const cipher = await workspaceCipher(db, workspaceId);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: contactIdentities.id, kind: contactIdentities.kind, value: contactIdentities.value, valueHash: contactIdentities.valueHash })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.workspaceId, workspaceId), gt(contactIdentities.id, afterId)))
      .orderBy(asc(contactIdentities.id))
      .limit(limit)
      .for('update');
    let moved = 0;
    let failed = 0;
    for (const row of rows) {
      if (await undecryptable(() => moveRow(row))) failed++;
    }
    return { next: rows.length === limit ? rows.at(-1)!.id : null, moved, failed };
    async function moveRow(row: (typeof rows)[number]): Promise<void> {
      if (cipher.isCurrent(row.value) && row.valueHash) return;
      const value = cipher.open(IDENTITY, row.value);
      await tx
        .update(contactIdentities)
        .set({ value: cipher.seal(IDENTITY, value), valueHash: cipher.hash(`contact_identities.${row.kind}`, value) })
        .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.id, row.id)));
      moved++;
    }
  });
}

/** Contacts and identities not yet under `activeKeyId` (or missing their hash). */
export async function countContactRowsLeft(db: DbOrTx, workspaceId: string, activeKeyId: string): Promise<number> {
  const [a] = await db
    .select({ n: count() })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        or(notUnder(contacts.email, activeKeyId), notUnder(contacts.phone, activeKeyId), and(isNotNull(contacts.email), isNull(contacts.emailHash))),
      ),
    );
  const [b] = await db
    .select({ n: count() })
    .from(contactIdentities)
    .where(
      and(eq(contactIdentities.workspaceId, workspaceId), or(notUnder(contactIdentities.value, activeKeyId), isNull(contactIdentities.valueHash))),
    );
  return (a?.n ?? 0) + (b?.n ?? 0);
}

/** Workspaces with contacts or identities stored before encryption (no hash yet): the boot backfills them first. */
export async function selectWorkspacesWithoutHashes(db: DbOrTx): Promise<string[]> {
  const a = await db
    .selectDistinct({ workspaceId: contactIdentities.workspaceId })
    .from(contactIdentities)
    .where(isNull(contactIdentities.valueHash));
  const b = await db
    .selectDistinct({ workspaceId: contacts.workspaceId })
    .from(contacts)
    .where(or(and(isNotNull(contacts.email), isNull(contacts.emailHash)), and(isNotNull(contacts.phone), isNull(contacts.phoneHash))));
  return [...new Set([...a, ...b].map((r) => r.workspaceId))];
}
