import { foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, updatedAt } from '../../db/columns.ts';
import { graphEntityTypes, graphRelationTypes, type GraphLocalized } from '../../nlu/graph-catalogue.ts';
import { workspaces } from '../workspaces/schema.ts';

/**
 * The knowledge graph: products, models, functions, faults, solutions and
 * policies, with bilingual names and the aliases customers write, and typed
 * relations between them (catalogue in server/nlu/graph-catalogue.ts). The
 * bot walks it when no FAQ item answers. Deleting an entity deletes its relations.
 */
export const kgEntities = pgTable(
  'kg_entities',
  {
    ...tenantColumns(),
    type: text('type', { enum: graphEntityTypes }).notNull(),
    name: jsonb('name').$type<GraphLocalized>().notNull(),
    aliases: text('aliases').array().notNull().default([]),
    /** The answer text of a solution or a policy, per locale. */
    description: jsonb('description').$type<Partial<GraphLocalized>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('kg_entities_type_idx').on(t.workspaceId, t.type),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const kgRelations = pgTable(
  'kg_relations',
  {
    ...tenantColumns(),
    type: text('type', { enum: graphRelationTypes }).notNull(),
    fromId: text('from_id').notNull(),
    toId: text('to_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('kg_relations_edge_uq').on(t.workspaceId, t.fromId, t.type, t.toId),
    index('kg_relations_to_idx').on(t.workspaceId, t.toId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({
      name: 'kg_relations_from_fk',
      columns: [t.workspaceId, t.fromId],
      foreignColumns: [kgEntities.workspaceId, kgEntities.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'kg_relations_to_fk', columns: [t.workspaceId, t.toId], foreignColumns: [kgEntities.workspaceId, kgEntities.id] }).onDelete(
      'cascade',
    ),
  ],
);

export type KgEntityRow = typeof kgEntities.$inferSelect;
export type KgRelationRow = typeof kgRelations.$inferSelect;
