import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import type { FaqRow, FaqSnapshot, FaqVersionRow } from './schema.ts';
import { applyFaqChange, getFaq } from './service.ts';
import { diffList, diffText, type DiffPart } from './text-diff.ts';
import { findVersion, selectVersions } from './version-repo.ts';
import { baselineOf, changedBetween, type VersionedField } from './versions.ts';

/** An item's versions, newest first (an item without history shows its current state as the one version). */
export async function listFaqVersions(db: DbOrTx, workspaceId: string, id: string, limit: number): Promise<FaqVersionRow[]> {
  const item = await getFaq(db, workspaceId, id);
  const rows = await selectVersions(db, workspaceId, id, limit);
  return rows.length > 0 ? rows : [baselineOf(item)];
}

async function versionOf(db: DbOrTx, item: FaqRow, version: number): Promise<FaqVersionRow> {
  const row = await findVersion(db, item.workspaceId, item.id, version);
  if (row) return row;
  if (version === item.version) return baselineOf(item);
  throw appError('not_found');
}

/** One version of an item, with its full snapshot. */
export async function getFaqVersion(db: DbOrTx, workspaceId: string, id: string, version: number): Promise<FaqVersionRow> {
  return versionOf(db, await getFaq(db, workspaceId, id), version);
}

const TEXT_FIELDS = new Set<VersionedField>(['question', 'answer', 'shortAnswer']);
const LIST_FIELDS = new Set<VersionedField>(['similar', 'tags']);

export type FieldDiff =
  | { field: VersionedField; kind: 'text'; parts: DiffPart[] }
  | { field: VersionedField; kind: 'list'; added: string[]; removed: string[] }
  | { field: VersionedField; kind: 'value'; before: string | string[] | null; after: string | string[] | null };

/** Field by field, what changed from one snapshot to another. */
export function diffSnapshots(from: FaqSnapshot, to: FaqSnapshot): FieldDiff[] {
  return changedBetween(from, to).map((field): FieldDiff => {
    if (TEXT_FIELDS.has(field))
      return { field, kind: 'text', parts: diffText((from[field] as string | null) ?? '', (to[field] as string | null) ?? '') };
    if (LIST_FIELDS.has(field)) return { field, kind: 'list', ...diffList(from[field] as string[], to[field] as string[]) };
    return { field, kind: 'value', before: from[field], after: to[field] };
  });
}

/** The difference between two versions; by default the latest against the one before it. */
export async function diffFaqVersions(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  query: { from?: number | undefined; to?: number | undefined },
): Promise<{ from: FaqVersionRow; to: FaqVersionRow; fields: FieldDiff[] }> {
  const item = await getFaq(db, workspaceId, id);
  const toNumber = query.to ?? item.version;
  const fromNumber = query.from ?? Math.max(1, toNumber - 1);
  const to = await versionOf(db, item, toNumber);
  const from = fromNumber === toNumber ? to : await versionOf(db, item, fromNumber);
  return { from, to, fields: diffSnapshots(from.snapshot, to.snapshot) };
}

/** Make an old version current again: a new version (audited as a rollback); the bot retrains after the commit. */
export async function rollbackFaq(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number; expectedVersion?: number | undefined; note?: string | undefined },
): Promise<FaqRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const item = await getFaq(tx, workspaceId, id, { lock: true });
    if (body.expectedVersion !== undefined && body.expectedVersion !== item.version) throw appError('faq_version_conflict');
    const { snapshot } = await versionOf(tx, item, body.version);
    const { key: _key, locale: _locale, ...fields } = snapshot;
    return applyFaqChange(tx, actor, item, fields, { action: 'rolled_back', note: body.note ?? `v${body.version}` });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
  return row;
}
