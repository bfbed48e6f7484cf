import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { consentRecords, type ConsentChannel, type ConsentPurpose, type ConsentRecordRow } from './schema.ts';

export async function insertConsentRecord(db: DbOrTx, row: typeof consentRecords.$inferInsert): Promise<ConsentRecordRow> {
  const [created] = await db.insert(consentRecords).values(row).returning();
  return created!;
}

/** Every record of these contacts, newest first. */
export async function selectConsentRecords(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<ConsentRecordRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.workspaceId, workspaceId), inArray(consentRecords.contactId, contactIds)))
    .orderBy(desc(consentRecords.id));
}

/** The newest record for a purpose on this channel or on `any`. */
export async function selectLatestConsent(
  db: DbOrTx,
  workspaceId: string,
  contactId: string,
  purpose: ConsentPurpose,
  channel: ConsentChannel,
): Promise<ConsentRecordRow | undefined> {
  const [row] = await db
    .select()
    .from(consentRecords)
    .where(
      and(
        eq(consentRecords.workspaceId, workspaceId),
        eq(consentRecords.contactId, contactId),
        eq(consentRecords.purpose, purpose),
        inArray(consentRecords.channel, channel === 'any' ? ['any'] : ['any', channel]),
      ),
    )
    .orderBy(desc(consentRecords.id))
    .limit(1);
  return row;
}
