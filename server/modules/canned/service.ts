import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { pgErrorCode, type DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor, Principal } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { assertCanWrite } from './policy.ts';
import {
  countWorkspaceCanned,
  deleteCannedRow,
  findCanned,
  insertCanned,
  searchCanned,
  selectCanned,
  updateCannedRow,
  type CannedViewer,
} from './repo.ts';
import { cannedLocales, cannedScopes, type CannedResponseRow, type CannedScope } from './schema.ts';

const SHORTCUT = /^\/?[\p{L}\p{N}_-]{1,32}$/u;

const shortcut = z
  .string()
  .trim()
  .regex(SHORTCUT, 'letters, digits, - and _ (1–32), optionally after a leading /')
  .transform((s) => `/${s.replace(/^\//, '').toLowerCase()}`)
  .describe('Typed in the composer after `/`; stored lower case with its slash (`/refund`)');

const content = z
  .partialRecord(z.enum(cannedLocales), z.string().trim().min(1).max(5_000))
  .refine((c) => Object.values(c).some(Boolean), 'give the text in at least one locale (zh-CN or en)')
  .describe(
    'The text per locale; may use {{contact.name}}, {{contact.email}}, {{contact.phone}}, {{agent.name}}, {{conversation.id}}, {{inbox.name}}',
  );

export const cannedCreate = z
  .object({
    scope: z.enum(cannedScopes).default('personal'),
    title: z.string().trim().min(1).max(120),
    shortcut,
    content,
    tags: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
  })
  .strict();
export type CannedCreate = z.input<typeof cannedCreate>;

export const cannedPatch = cannedCreate.omit({ scope: true }).partial().strict();

export const listCannedQuery = z
  .object({
    q: z.string().trim().max(100).optional().describe('Matches the shortcut, title and text (zh-CN and en), case-insensitive'),
    scope: z.enum(['all', 'workspace', 'personal']).default('all'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(300).optional().describe('`nextCursor` of the previous page (lists without `q`)'),
  })
  .strict();

const AUDITED = ['title', 'shortcut', 'content', 'tags'] as const;

/** The responses a principal sees: the workspace's and, for a person, their own. */
export function viewerOf(principal: Principal): CannedViewer {
  return { workspaceId: principal.workspaceId, userId: principal.kind === 'user' ? principal.id : null };
}

export async function getCanned(db: DbOrTx, principal: Principal, id: string): Promise<CannedResponseRow> {
  const row = await findCanned(db, viewerOf(principal), id);
  if (!row) throw appError('not_found');
  return row;
}

function encodeCursor(row: CannedResponseRow): string {
  return Buffer.from(JSON.stringify([row.shortcut, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { shortcut: string; id: string } {
  try {
    const [shortcut, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof shortcut !== 'string' || typeof id !== 'string') throw new Error('bad cursor');
    return { shortcut, id };
  } catch {
    throw appError('validation_failed', [{ in: 'querystring', path: ['cursor'], message: 'invalid cursor' }]);
  }
}

/**
 * Search (`q`: best matches, one page) or list by shortcut (keyset pages).
 * `scope` narrows to the workspace's or the caller's own.
 */
export async function listCanned(db: DbOrTx, principal: Principal, query: z.infer<typeof listCannedQuery>) {
  const viewer = viewerOf(principal);
  if (query.q) return { items: await searchCanned(db, viewer, { scope: query.scope, q: query.q, limit: query.limit }), nextCursor: null };
  const rows = await selectCanned(db, viewer, {
    scope: query.scope,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? encodeCursor(items.at(-1)!) : null };
}

/** A unique-index violation is a shortcut already used in the same scope. */
async function mapShortcutTaken<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw appError('shortcut_taken');
    throw err;
  }
}

const audited = (row: CannedResponseRow) => row.scope === 'workspace';
const summary = (row: CannedResponseRow) => ({ scope: row.scope, shortcut: row.shortcut, title: row.title });

/** Rows to insert for new responses (also used by the demo seed); personal ones belong to `ownerId`. */
export function cannedRows(workspaceId: string, ownerId: string | null, items: z.infer<typeof cannedCreate>[]) {
  return items.map((item) => ({ ...item, workspaceId, id: newId('cannedResponse'), ownerId: item.scope === 'personal' ? ownerId : null }));
}

/** Add a response; workspace ones are audited. A shortcut already used in its scope is `shortcut_taken`. */
export async function createCanned(ctx: AppContext, actor: Actor, input: z.infer<typeof cannedCreate>): Promise<CannedResponseRow> {
  const { principal } = actor;
  assertCanWrite(principal, input.scope);
  const [row] = cannedRows(principal.workspaceId, principal.id, [input]);
  return mapShortcutTaken(
    ctx.db.transaction(async (tx) => {
      const [created] = await insertCanned(tx, [row!]);
      if (audited(created!)) {
        await recordAudit(tx, actor, {
          action: 'canned_response.created',
          targetType: 'canned_response',
          targetId: created!.id,
          after: summary(created!),
        });
      }
      return created!;
    }),
  );
}

export async function updateCanned(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof cannedPatch>): Promise<CannedResponseRow> {
  const { principal } = actor;
  return mapShortcutTaken(
    ctx.db.transaction(async (tx) => {
      const before = await getCanned(tx, principal, id);
      assertCanWrite(principal, before.scope);
      const after = (await updateCannedRow(tx, principal.workspaceId, id, patch))!;
      if (audited(after)) {
        await recordAudit(tx, actor, {
          action: 'canned_response.updated',
          targetType: 'canned_response',
          targetId: id,
          ...changedFields(before, after, AUDITED),
        });
      }
      return after;
    }),
  );
}

export async function deleteCanned(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const { principal } = actor;
  await ctx.db.transaction(async (tx) => {
    const before = await getCanned(tx, principal, id);
    assertCanWrite(principal, before.scope);
    await deleteCannedRow(tx, principal.workspaceId, id);
    if (audited(before)) {
      await recordAudit(tx, actor, { action: 'canned_response.deleted', targetType: 'canned_response', targetId: id, before: summary(before) });
    }
  });
}

/** Add workspace responses unless the workspace has some already (the demo seed); returns how many were added. */
export async function seedWorkspaceCanned(ctx: AppContext, workspaceId: string, items: z.infer<typeof cannedCreate>[]): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    if ((await countWorkspaceCanned(tx, workspaceId)) > 0) return 0;
    const workspaceItems = items.map((item) => ({ ...item, scope: 'workspace' as CannedScope }));
    return (await insertCanned(tx, cannedRows(workspaceId, null, workspaceItems))).length;
  });
}
