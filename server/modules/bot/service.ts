import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { flowSchema, localized } from './flow-schema.ts';
import { webhookUrlProblem } from './flow-webhooks.ts';
import {
  deleteFlowRow,
  deleteIntentRow,
  findIntent,
  findRequest,
  insertIntents,
  replaceDictionary,
  selectDictionary,
  selectFlows,
  selectIntents,
  selectRequests,
  updateIntentRow,
  upsertFlow,
} from './repo.ts';
import { intentActions, type BotRequestRow, type FlowRow, type IntentRow } from './schema.ts';
import { ensureWebhookSecret } from './webhook-secret.ts';

const example = z.string().trim().min(1).max(300);

export const intentCreate = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'lower-case letters, digits and _'),
    description: z.string().trim().max(300).default(''),
    examples: z
      .object({ 'zh-CN': z.array(example).max(2000).default([]), en: z.array(example).max(2000).default([]) })
      .strict()
      .refine((e) => e['zh-CN'].length + e.en.length > 0, 'give at least one example'),
    response: localized.nullish(),
    action: z.enum(intentActions).default('answer'),
  })
  .strict();
export type IntentCreate = z.infer<typeof intentCreate>;
export const intentPatch = intentCreate.omit({ name: true }).partial().strict();

export const dictionaryBody = z
  .object({
    words: z.array(z.object({ word: z.string().trim().min(1).max(40), type: z.enum(['product', 'term']).default('term') }).strict()).max(50_000),
  })
  .strict();

export function listIntents(db: DbOrTx, workspaceId: string): Promise<IntentRow[]> {
  return selectIntents(db, workspaceId);
}

export function intentRows(workspaceId: string, items: IntentCreate[]) {
  return items.map((i) => ({ ...i, workspaceId, id: newId('intent'), response: i.response ?? null }));
}

export async function createIntent(ctx: AppContext, actor: Actor, input: IntentCreate): Promise<IntentRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await insertIntents(tx, intentRows(workspaceId, [input]));
    await recordAudit(tx, actor, {
      action: 'intent.created',
      targetType: 'intent',
      targetId: created!.id,
      after: { name: input.name, action: input.action },
    });
    return created!;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'intent' });
  return row;
}

export async function updateIntent(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof intentPatch>): Promise<IntentRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findIntent(tx, workspaceId, id);
    if (!before) throw appError('not_found');
    const after = (await updateIntentRow(tx, workspaceId, id, patch))!;
    await recordAudit(tx, actor, {
      action: 'intent.updated',
      targetType: 'intent',
      targetId: id,
      ...changedFields(before, after, ['description', 'examples', 'response', 'action']),
    });
    return after;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'intent' });
  return row;
}

export async function deleteIntent(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await findIntent(tx, workspaceId, id);
    if (!before || !(await deleteIntentRow(tx, workspaceId, id))) throw appError('not_found');
    await recordAudit(tx, actor, { action: 'intent.deleted', targetType: 'intent', targetId: id, before: { name: before.name } });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'intent' });
}

export function listFlows(db: DbOrTx, workspaceId: string): Promise<FlowRow[]> {
  return selectFlows(db, workspaceId);
}

/** Create or replace a flow by name; its intents must exist so the bot can start it. */
export async function saveFlow(ctx: AppContext, actor: Actor, name: string, body: unknown): Promise<FlowRow> {
  const workspaceId = actor.principal.workspaceId;
  const parsed = flowSchema.safeParse({ ...(body as object), name });
  if (!parsed.success)
    throw appError(
      'validation_failed',
      parsed.error.issues.map((i) => ({ in: 'body', path: i.path, message: i.message })),
    );
  const badUrls = parsed.data.actions.flatMap((a, i) => {
    const problem = a.type === 'webhook' ? webhookUrlProblem(a.url, ctx.env.KEFU_WEBHOOK_ALLOW_PRIVATE) : null;
    return problem ? [{ in: 'body', path: ['actions', i, 'url'], message: problem }] : [];
  });
  if (badUrls.length) throw appError('validation_failed', badUrls);
  const row = await ctx.db.transaction(async (tx) => {
    const known = new Set((await selectIntents(tx, workspaceId)).map((i) => i.name));
    const missing = parsed.data.intents.filter((i) => !known.has(i));
    if (missing.length) throw appError('validation_failed', [{ in: 'body', path: ['intents'], message: `unknown intents: ${missing.join(', ')}` }]);
    const saved = await upsertFlow(tx, { workspaceId, id: newId('flow'), name, definition: parsed.data });
    // The first flow with a webhook makes the workspace's signing secret, so it can be read before any delivery.
    if (parsed.data.actions.some((a) => a.type === 'webhook')) await ensureWebhookSecret(tx, actor);
    await recordAudit(tx, actor, { action: 'flow.saved', targetType: 'flow', targetId: saved.id, after: { name } });
    return saved;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'flow' });
  return row;
}

export async function deleteFlow(ctx: AppContext, actor: Actor, name: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteFlowRow(tx, workspaceId, name))) throw appError('not_found');
    await recordAudit(tx, actor, { action: 'flow.deleted', targetType: 'flow', targetId: name });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'flow' });
}

export function getDictionary(db: DbOrTx, workspaceId: string) {
  return selectDictionary(db, workspaceId);
}

/** Replace the workspace's domain dictionary (deduplicated by normalised word). */
export async function setDictionary(ctx: AppContext, actor: Actor, input: z.infer<typeof dictionaryBody>): Promise<number> {
  const workspaceId = actor.principal.workspaceId;
  const words = [
    ...new Map(input.words.map((w) => [w.word.normalize('NFKC').toLowerCase(), { word: w.word.normalize('NFKC'), type: w.type }])).values(),
  ];
  await ctx.db.transaction(async (tx) => {
    await replaceDictionary(tx, workspaceId, words);
    await recordAudit(tx, actor, { action: 'dictionary.replaced', targetType: 'workspace', targetId: workspaceId, after: { words: words.length } });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'dictionary' });
  return words.length;
}

export function listRequests(db: DbOrTx, workspaceId: string, filter: { conversationId?: string; limit: number }): Promise<BotRequestRow[]> {
  return selectRequests(db, workspaceId, filter);
}

export async function getRequest(db: DbOrTx, workspaceId: string, id: string): Promise<BotRequestRow> {
  const row = await findRequest(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}
