import type { DbOrTx } from '../../db/client.ts';
import { isSystemActor, type Actor } from '../../lib/principal.ts';
import type { FaqRow, FaqSnapshot, FaqVersionAction, FaqVersionRow } from './schema.ts';
import { faqsWithVersions, insertVersions } from './version-repo.ts';

/** The fields a version compares, in the order a diff lists them. */
export const VERSIONED = ['question', 'similar', 'answer', 'shortAnswer', 'category', 'tags', 'status', 'validFrom', 'validUntil'] as const;
export type VersionedField = (typeof VERSIONED)[number];

/** What a version stores of an item. */
export function snapshotOf(row: FaqRow): FaqSnapshot {
  return {
    key: row.key,
    locale: row.locale,
    question: row.question,
    similar: row.similar,
    answer: row.answer,
    shortAnswer: row.shortAnswer,
    category: row.category,
    tags: row.tags,
    status: row.status,
    validFrom: row.validFrom?.toISOString() ?? null,
    validUntil: row.validUntil?.toISOString() ?? null,
  };
}

/** The versioned fields whose values differ between two snapshots. */
export function changedBetween(before: FaqSnapshot, after: FaqSnapshot): VersionedField[] {
  return VERSIONED.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

const actorColumns = (actor: Actor) =>
  isSystemActor(actor) ? { actorType: 'system' as const, actorId: null } : { actorType: actor.principal.kind, actorId: actor.principal.id };

/** Store the version an item is at after a change (its `version` column already counts it). */
export async function recordVersion(
  tx: DbOrTx,
  actor: Actor,
  row: FaqRow,
  change: { action: FaqVersionAction; changed: readonly string[]; note?: string | null },
): Promise<void> {
  await insertVersions(tx, [
    {
      workspaceId: row.workspaceId,
      faqId: row.id,
      version: row.version,
      action: change.action,
      snapshot: snapshotOf(row),
      changed: [...change.changed],
      note: change.note ?? null,
      ...actorColumns(actor),
    },
  ]);
}

/**
 * Items added in bulk (the demo seed, imports) or before version history
 * existed have no version yet; before their first change, their current
 * state is kept as a baseline version so the change can be diffed and undone.
 */
export async function ensureBaselines(tx: DbOrTx, workspaceId: string, rows: FaqRow[]): Promise<void> {
  const versioned = await faqsWithVersions(
    tx,
    workspaceId,
    rows.map((r) => r.id),
  );
  await insertVersions(
    tx,
    rows
      .filter((r) => !versioned.has(r.id))
      .map((r) => ({
        workspaceId,
        faqId: r.id,
        version: r.version,
        action: 'baseline' as const,
        snapshot: snapshotOf(r),
        changed: [],
        actorType: 'system' as const,
        actorId: null,
        createdAt: r.updatedAt,
      })),
  );
}

/** The version row an item without history implicitly has: its current state. */
export function baselineOf(row: FaqRow): FaqVersionRow {
  return {
    workspaceId: row.workspaceId,
    faqId: row.id,
    version: row.version,
    action: 'baseline',
    snapshot: snapshotOf(row),
    changed: [],
    note: null,
    actorType: 'system',
    actorId: null,
    createdAt: row.updatedAt,
  };
}
