import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { botWebhookDeliveries, botWebhookSecrets, type WebhookDeliveryRow, type WebhookDeliveryStatus } from './schema.ts';

const d = botWebhookDeliveries;

/** Insert deliveries; one that already exists for its message and action is skipped. Returns the new ones. */
export async function insertDeliveries(db: DbOrTx, rows: (typeof d.$inferInsert)[]): Promise<WebhookDeliveryRow[]> {
  if (!rows.length) return [];
  return db
    .insert(d)
    .values(rows)
    .onConflictDoNothing({ target: [d.workspaceId, d.messageId, d.actionIndex] })
    .returning();
}

export async function findDelivery(db: DbOrTx, workspaceId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db
    .select()
    .from(d)
    .where(and(eq(d.workspaceId, workspaceId), eq(d.id, id)));
  return row;
}

/**
 * Take a pending delivery for one attempt: counts the attempt and holds it
 * for `holdSeconds`, so a second job for it cannot send at the same time.
 * Undefined when it is not pending or another attempt holds it.
 */
export async function claimDelivery(db: DbOrTx, workspaceId: string, id: string, holdSeconds: number): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db
    .update(d)
    .set({ attempts: sql`${d.attempts} + 1`, lockedUntil: sql`now() + make_interval(secs => ${holdSeconds})`, updatedAt: new Date() })
    .where(and(eq(d.workspaceId, workspaceId), eq(d.id, id), eq(d.status, 'pending'), or(isNull(d.lockedUntil), lt(d.lockedUntil, sql`now()`))))
    .returning();
  return row;
}

/** Record the outcome of the attempt in progress and release the delivery. */
export async function recordAttempt(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  outcome: { status: WebhookDeliveryStatus; lastError: string | null; responseStatus: number | null },
): Promise<WebhookDeliveryRow | undefined> {
  const now = new Date();
  const [row] = await db
    .update(d)
    .set({ ...outcome, lockedUntil: null, updatedAt: now, ...(outcome.status === 'delivered' ? { deliveredAt: now } : {}) })
    .where(and(eq(d.workspaceId, workspaceId), eq(d.id, id)))
    .returning();
  return row;
}

/** Newest first, keyset-paginated by id. */
export function selectDeliveries(
  db: DbOrTx,
  workspaceId: string,
  filter: { before?: string; limit: number; conversationId?: string; status?: WebhookDeliveryStatus },
): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(d)
    .where(
      and(
        eq(d.workspaceId, workspaceId),
        filter.before ? lt(d.id, filter.before) : undefined,
        filter.conversationId ? eq(d.conversationId, filter.conversationId) : undefined,
        filter.status ? eq(d.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(d.id))
    .limit(filter.limit);
}

/**
 * Pending deliveries no job is moving, in every workspace: never tried two
 * minutes after they were stored (the job was never queued), or untouched
 * for an hour (longer than any retry delay).
 */
export function selectStalledDeliveries(db: DbOrTx, limit: number): Promise<Pick<WebhookDeliveryRow, 'workspaceId' | 'id'>[]> {
  return db
    .select({ workspaceId: d.workspaceId, id: d.id })
    .from(d)
    .where(
      and(
        eq(d.status, 'pending'),
        or(isNull(d.lockedUntil), lt(d.lockedUntil, sql`now()`)),
        or(and(eq(d.attempts, 0), lt(d.updatedAt, sql`now() - interval '2 minutes'`)), lt(d.updatedAt, sql`now() - interval '1 hour'`)),
      ),
    )
    .limit(limit);
}

export async function findWebhookSecret(db: DbOrTx, workspaceId: string) {
  const [row] = await db.select().from(botWebhookSecrets).where(eq(botWebhookSecrets.workspaceId, workspaceId));
  return row;
}

/** Store a first secret; undefined when the workspace already has one. */
export async function insertWebhookSecret(db: DbOrTx, workspaceId: string, secret: string) {
  const [row] = await db.insert(botWebhookSecrets).values({ workspaceId, secret }).onConflictDoNothing().returning();
  return row;
}

/** Replace the secret, creating it if there was none. */
export async function replaceWebhookSecret(db: DbOrTx, workspaceId: string, secret: string) {
  const [row] = await db
    .insert(botWebhookSecrets)
    .values({ workspaceId, secret })
    .onConflictDoUpdate({ target: botWebhookSecrets.workspaceId, set: { secret, updatedAt: new Date() } })
    .returning();
  return row!;
}
