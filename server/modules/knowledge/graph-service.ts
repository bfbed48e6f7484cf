import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { graphEntityTypes, graphRelationTypes, relationAllowed, type GraphData } from '../../nlu/graph-catalogue.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import {
  deleteEntityRow,
  deleteRelationRow,
  findEntity,
  findRelation,
  insertEntities,
  insertRelations,
  selectEntities,
  selectEntitiesByIds,
  selectGraph,
  selectRelationsTouching,
  updateEntityRow,
} from './graph-repo.ts';
import type { KgEntityRow, KgRelationRow } from './graph-schema.ts';

const nameText = z.string().trim().max(120);
const answerText = z.string().trim().min(1).max(4000);

export const graphEntityCreate = z
  .object({
    type: z.enum(graphEntityTypes),
    name: z
      .object({ 'zh-CN': nameText.default(''), en: nameText.default('') })
      .strict()
      .refine((n) => n['zh-CN'] || n.en, 'Give the name in at least one language'),
    aliases: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
    description: z.object({ 'zh-CN': answerText.optional(), en: answerText.optional() }).strict().default({}),
  })
  .strict();
export type GraphEntityCreate = z.infer<typeof graphEntityCreate>;

/** The type of an entity stays: its relations were checked against it. */
export const graphEntityPatch = graphEntityCreate.omit({ type: true }).partial().strict();

export const listEntitiesQuery = z.object({
  q: z.string().trim().max(80).optional(),
  type: z.enum(graphEntityTypes).optional(),
  after: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const graphRelationCreate = z.object({ fromId: z.string().max(40), toId: z.string().max(40), type: z.enum(graphRelationTypes) }).strict();

const AUDITED = ['name', 'aliases', 'description'] as const;

/** A missing name is the other language's, so each locale always has one to show. */
function entityFields(input: Pick<GraphEntityCreate, 'name' | 'aliases'> & { description?: GraphEntityCreate['description'] }) {
  const zh = input.name['zh-CN'] || input.name.en;
  const en = input.name.en || input.name['zh-CN'];
  const aliases = [...new Set(input.aliases)].filter((a) => a !== zh && a !== en);
  return { name: { 'zh-CN': zh, en }, aliases, ...(input.description ? { description: input.description } : {}) };
}

/** Rows to insert for new entities (also used by the demo seed). */
export function graphEntityRows(workspaceId: string, items: GraphEntityCreate[]) {
  return items.map((item) => ({ workspaceId, id: newId('graphEntity'), type: item.type, ...entityFields(item), description: item.description }));
}

export async function getEntity(db: DbOrTx, workspaceId: string, id: string): Promise<KgEntityRow> {
  const row = await findEntity(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

export function listEntities(db: DbOrTx, workspaceId: string, query: z.infer<typeof listEntitiesQuery>): Promise<KgEntityRow[]> {
  return selectEntities(db, workspaceId, query);
}

function changed(ctx: AppContext, workspaceId: string): void {
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'graph' });
}

/** Add an entity (audited); the bot retrains after the commit. */
export async function createEntity(ctx: AppContext, actor: Actor, input: GraphEntityCreate): Promise<KgEntityRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await insertEntities(tx, graphEntityRows(workspaceId, [input]));
    await recordAudit(tx, actor, {
      action: 'graph_entity.created',
      targetType: 'graph_entity',
      targetId: created!.id,
      after: { type: created!.type, name: created!.name },
    });
    return created!;
  });
  changed(ctx, workspaceId);
  return row;
}

export async function updateEntity(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof graphEntityPatch>): Promise<KgEntityRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await getEntity(tx, workspaceId, id);
    const fields = entityFields({ name: patch.name ?? before.name, aliases: patch.aliases ?? before.aliases, description: patch.description });
    const after = (await updateEntityRow(tx, workspaceId, id, fields))!;
    await recordAudit(tx, actor, {
      action: 'graph_entity.updated',
      targetType: 'graph_entity',
      targetId: id,
      ...changedFields(before, after, AUDITED),
    });
    return after;
  });
  changed(ctx, workspaceId);
  return row;
}

/** Delete an entity and every relation touching it (audited with the relations it took along). */
export async function deleteEntity(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await getEntity(tx, workspaceId, id);
    const relations = await selectRelationsTouching(tx, workspaceId, [id]);
    await deleteEntityRow(tx, workspaceId, id);
    await recordAudit(tx, actor, {
      action: 'graph_entity.deleted',
      targetType: 'graph_entity',
      targetId: id,
      before: { type: before.type, name: before.name, relations: relations.map((r) => r.id) },
    });
  });
  changed(ctx, workspaceId);
}

/** Join two entities; the pair of types must be in the catalogue for the relation type. */
export async function createRelation(ctx: AppContext, actor: Actor, input: z.infer<typeof graphRelationCreate>): Promise<KgRelationRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const ends = await selectEntitiesByIds(tx, workspaceId, [input.fromId, input.toId]);
    const from = ends.find((e) => e.id === input.fromId);
    const to = ends.find((e) => e.id === input.toId);
    if (!from || !to) throw appError('not_found', { missing: [!from && input.fromId, !to && input.toId].filter(Boolean) });
    if (!relationAllowed(input.type, from.type, to.type)) throw appError('relation_not_allowed', { type: input.type, from: from.type, to: to.type });
    const [created] = await insertRelations(tx, [{ workspaceId, id: newId('graphRelation'), ...input }]);
    if (!created) throw appError('relation_exists');
    await recordAudit(tx, actor, { action: 'graph_relation.created', targetType: 'graph_relation', targetId: created.id, after: input });
    return created;
  });
  changed(ctx, workspaceId);
  return row;
}

export async function deleteRelation(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await findRelation(tx, workspaceId, id);
    if (!before) throw appError('not_found');
    await deleteRelationRow(tx, workspaceId, id);
    const { type, fromId, toId } = before;
    await recordAudit(tx, actor, { action: 'graph_relation.deleted', targetType: 'graph_relation', targetId: id, before: { type, fromId, toId } });
  });
  changed(ctx, workspaceId);
}

/** Past this many entities a neighbourhood is cut: the view stays readable and the query small. */
const NEIGHBOURHOOD_LIMIT = 150;

/** An entity, the entities within `depth` relations of it (either direction) and the relations among them. */
export async function entityNeighbourhood(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  depth: 1 | 2,
): Promise<{ entities: KgEntityRow[]; relations: KgRelationRow[] }> {
  const center = await getEntity(db, workspaceId, id);
  const ids = new Set([center.id]);
  const relations = new Map<string, KgRelationRow>();
  let frontier = [center.id];
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const r of await selectRelationsTouching(db, workspaceId, frontier)) {
      for (const end of [r.fromId, r.toId]) {
        if (ids.has(end) || ids.size >= NEIGHBOURHOOD_LIMIT) continue;
        ids.add(end);
        next.push(end);
      }
      if (ids.has(r.fromId) && ids.has(r.toId)) relations.set(r.id, r);
    }
    frontier = next;
  }
  const others = await selectEntitiesByIds(
    db,
    workspaceId,
    [...ids].filter((e) => e !== center.id),
  );
  return { entities: [center, ...others], relations: [...relations.values()] };
}

/** The graph as the answering functions read it. */
export async function loadGraph(db: DbOrTx, workspaceId: string): Promise<GraphData> {
  const { entities, relations } = await selectGraph(db, workspaceId);
  return {
    entities: entities.map(({ id, type, name, aliases, description }) => ({ id, type, name, aliases, description })),
    relations: relations.map(({ id, type, fromId, toId }) => ({ id, type, fromId, toId })),
  };
}
