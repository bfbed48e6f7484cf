import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import {
  deleteFieldRow,
  insertCategories,
  insertField,
  selectCategories,
  selectCategory,
  selectCategoryPath,
  selectFields,
  updateCategoryRow,
  updateFieldRow,
} from './config-repo.ts';
import { priorities, type ticketCategories, ticketFieldTypes, type Priority, type TicketCategoryRow, type TicketFieldRow } from './schema.ts';

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, 'lower-case letters, digits, _ and - (1–48)');

export const categoryCreate = z
  .object({
    parentId: z.string().max(64).nullable().default(null),
    key,
    name: z.string().trim().min(1).max(80),
    nameEn: z.string().trim().min(1).max(80).nullable().default(null),
    teamId: z.string().max(64).nullable().default(null),
    skills: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
    defaultPriority: z.enum(priorities).nullable().default(null),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();

export const categoryPatch = z
  .object({
    name: z.string().trim().min(1).max(80),
    nameEn: z.string().trim().min(1).max(80).nullable(),
    teamId: z.string().max(64).nullable(),
    skills: z.array(z.string().trim().min(1).max(40)).max(10),
    defaultPriority: z.enum(priorities).nullable(),
    position: z.number().int().min(0).max(10_000),
    archived: z.boolean(),
  })
  .partial()
  .strict();

/** The workspace's category tree as flat rows (level, position order); the console nests them by `parentId`. */
export function listCategories(db: DbOrTx, workspaceId: string): Promise<TicketCategoryRow[]> {
  return selectCategories(db, workspaceId);
}

/** A category of this workspace, or `not_found` (also for another workspace's id). */
export async function getCategory(db: DbOrTx, workspaceId: string, id: string): Promise<TicketCategoryRow> {
  const row = await selectCategory(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

/** Adds a category under `parentId` (or at the top); three levels at most. */
export async function createCategory(ctx: AppContext, actor: Actor, input: z.infer<typeof categoryCreate>): Promise<TicketCategoryRow> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const parent = input.parentId ? await getCategory(tx, workspaceId, input.parentId) : null;
    if (parent && parent.level >= 3) throw appError('category_too_deep');
    const [row] = await insertCategories(tx, [{ workspaceId, id: newId('ticketCategory'), ...input, level: parent ? parent.level + 1 : 1 }]);
    await recordAudit(tx, actor, { action: 'ticket_category.created', targetType: 'ticket_category', targetId: row!.id, after: row });
    return row!;
  });
}

export async function updateCategory(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof categoryPatch>): Promise<TicketCategoryRow> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await getCategory(tx, workspaceId, id);
    const after = (await updateCategoryRow(tx, workspaceId, id, patch))!;
    await recordAudit(tx, actor, {
      action: 'ticket_category.updated',
      targetType: 'ticket_category',
      targetId: id,
      ...changedFields(before, after, CATEGORY_AUDITED),
    });
    return after;
  });
}

const CATEGORY_AUDITED = ['name', 'nameEn', 'teamId', 'skills', 'defaultPriority', 'position', 'archived'] as const;

/** What a category sends its tickets to: the deepest team, skills and starting priority along its path. */
export interface Dispatch {
  teamId: string | null;
  skills: string[];
  defaultPriority: Priority | null;
  path: TicketCategoryRow[];
}

/** Dispatch rules of a category: a deeper node's team and priority win over its ancestors'; skills add up. */
export async function dispatchFor(db: DbOrTx, workspaceId: string, categoryId: string): Promise<Dispatch> {
  const path = await selectCategoryPath(db, workspaceId, categoryId);
  if (path.length === 0) throw appError('validation_failed', [{ in: 'body', path: ['categoryId'], message: 'unknown category' }]);
  let teamId: string | null = null;
  let defaultPriority: Priority | null = null;
  for (const node of path) {
    teamId = node.teamId ?? teamId;
    defaultPriority = node.defaultPriority ?? defaultPriority;
  }
  return { teamId, defaultPriority, skills: [...new Set(path.flatMap((n) => n.skills))], path };
}

/** A category tree as the demo and imports describe it. */
export interface CategoryTreeNode {
  key: string;
  name: { 'zh-CN': string; en?: string };
  team?: string;
  skills?: string[];
  defaultPriority?: Priority;
  children?: CategoryTreeNode[];
}

/**
 * Writes a whole tree (at most three levels) in one go; `teamIds` maps the
 * tree's team keys to the workspace's team ids. Returns leaf paths by key,
 * e.g. `after_sales/returns/quality` → id, for the caller's labelled data.
 */
export async function seedCategoryTree(
  tx: DbOrTx,
  workspaceId: string,
  tree: CategoryTreeNode[],
  teamIds: Record<string, string> = {},
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const rows: (typeof ticketCategories.$inferInsert)[] = [];
  const walk = (nodes: CategoryTreeNode[], parentId: string | null, level: number, prefix: string) => {
    if (level > 3 && nodes.length) throw appError('category_too_deep');
    nodes.forEach((node, position) => {
      const id = newId('ticketCategory');
      const path = prefix ? `${prefix}/${node.key}` : node.key;
      ids.set(path, id);
      rows.push({
        workspaceId,
        id,
        parentId,
        level,
        key: node.key,
        name: node.name['zh-CN'],
        nameEn: node.name.en ?? null,
        teamId: node.team ? (teamIds[node.team] ?? null) : null,
        skills: node.skills ?? [],
        defaultPriority: node.defaultPriority ?? null,
        position,
      });
      walk(node.children ?? [], id, level + 1, path);
    });
  };
  walk(tree, null, 1, '');
  await insertCategories(tx, rows);
  return ids;
}

export const fieldCreate = z
  .object({
    key,
    label: z.string().trim().min(1).max(80),
    labelEn: z.string().trim().min(1).max(80).nullable().default(null),
    type: z.enum(ticketFieldTypes),
    options: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
    required: z.boolean().default(false),
    customerVisible: z.boolean().default(false),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict()
  .refine((f) => f.type !== 'select' || f.options.length > 0, { path: ['options'], message: 'a select field needs options' });

export const fieldPatch = z
  .object({
    label: z.string().trim().min(1).max(80),
    labelEn: z.string().trim().min(1).max(80).nullable(),
    options: z.array(z.string().trim().min(1).max(80)).max(100),
    required: z.boolean(),
    customerVisible: z.boolean(),
    position: z.number().int().min(0).max(10_000),
  })
  .partial()
  .strict();

export function listFields(db: DbOrTx, workspaceId: string): Promise<TicketFieldRow[]> {
  return selectFields(db, workspaceId);
}

export async function createField(ctx: AppContext, actor: Actor, input: z.infer<typeof fieldCreate>): Promise<TicketFieldRow> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const exists = (await selectFields(tx, workspaceId)).some((f) => f.key === input.key);
    if (exists) throw appError('ticket_field_taken');
    const row = await insertField(tx, { workspaceId, id: newId('ticketField'), ...input });
    await recordAudit(tx, actor, { action: 'ticket_field.created', targetType: 'ticket_field', targetId: row.id, after: row });
    return row;
  });
}

export async function updateField(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof fieldPatch>): Promise<TicketFieldRow> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = (await selectFields(tx, workspaceId)).find((f) => f.id === id);
    if (!before) throw appError('not_found');
    const after = (await updateFieldRow(tx, workspaceId, id, patch))!;
    await recordAudit(tx, actor, {
      action: 'ticket_field.updated',
      targetType: 'ticket_field',
      targetId: id,
      ...changedFields(before, after, FIELD_AUDITED),
    });
    return after;
  });
}

const FIELD_AUDITED = ['label', 'labelEn', 'options', 'required', 'customerVisible', 'position'] as const;

export async function deleteField(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const row = await deleteFieldRow(tx, workspaceId, id);
    if (!row) throw appError('not_found');
    await recordAudit(tx, actor, { action: 'ticket_field.deleted', targetType: 'ticket_field', targetId: id, before: row });
  });
}

/**
 * Checks custom field values against the workspace's definitions: unknown
 * keys, wrong types, choices outside a select's options; with `complete`,
 * required fields must be present. Returns the cleaned values.
 */
export function checkCustomFields(defs: TicketFieldRow[], values: Record<string, unknown>, complete: boolean): Record<string, unknown> {
  const problems: { in: string; path: (string | number)[]; message: string }[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const def = byKey.get(k);
    if (!def) {
      problems.push({ in: 'body', path: ['customFields', k], message: 'no such field' });
      continue;
    }
    if (v === null) {
      out[k] = null;
      continue;
    }
    const ok =
      (def.type === 'text' && typeof v === 'string' && v.length <= 2000) ||
      (def.type === 'number' && typeof v === 'number' && Number.isFinite(v)) ||
      (def.type === 'checkbox' && typeof v === 'boolean') ||
      (def.type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) ||
      (def.type === 'select' && typeof v === 'string' && def.options.includes(v));
    if (!ok)
      problems.push({
        in: 'body',
        path: ['customFields', k],
        message: `expected ${def.type === 'select' ? `one of ${def.options.join(', ')}` : def.type}`,
      });
    else out[k] = v;
  }
  if (complete) {
    for (const def of defs) {
      if (def.required && (out[def.key] === undefined || out[def.key] === null || out[def.key] === '')) {
        problems.push({ in: 'body', path: ['customFields', def.key], message: 'required' });
      }
    }
  }
  if (problems.length) throw appError('validation_failed', problems);
  return out;
}
