import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { isSystemActor, type Actor } from '../../lib/principal.ts';
import { insertAuditEvent, listAuditEvents } from './repo.ts';

const REDACTED = '[redacted]';
/** Fields whose values never reach the audit log; their change is still recorded. */
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'tokenHash', 'token', 'secret']);

function redact(values: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!values) return undefined;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? REDACTED : v]));
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * The before and after values of the fields a change touched, for an audit entry.
 *
 * @example recordAudit(tx, actor, { action: 'user.updated', targetType: 'user', targetId, ...changedFields(before, after, ['name']) })
 */
export function changedFields<T extends object>(
  before: T,
  after: T,
  keys: readonly (keyof T)[],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}

/**
 * Write one audit row. Call it with the transaction that makes the change,
 * so the change and its record commit or roll back together.
 *
 * @example await recordAudit(tx, actor, { action: 'user.role_changed', targetType: 'user', targetId, before: { roleId: a }, after: { roleId: b } })
 */
export async function recordAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(tx, {
    workspaceId: actor.principal.workspaceId,
    id: newId('audit'),
    actorType: isSystemActor(actor) ? 'system' : actor.principal.kind,
    actorId: isSystemActor(actor) ? null : actor.principal.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: redact(entry.before) ?? null,
    after: redact(entry.after) ?? null,
    requestId: actor.requestId,
    ip: actor.ip,
  });
}

/** Newest first, keyset-paginated. */
export async function listAudit(db: DbOrTx, workspaceId: string, query: { limit: number; cursor?: string; targetId?: string; action?: string }) {
  const rows = await listAuditEvents(db, workspaceId, {
    before: decodeCursor(query.cursor),
    limit: query.limit + 1,
    targetId: query.targetId,
    action: query.action,
  });
  return toPage(rows, query.limit);
}
