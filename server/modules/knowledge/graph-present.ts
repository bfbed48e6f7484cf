import { z } from 'zod';
import { graphEntityTypes, graphRelationTypes } from '../../nlu/graph-catalogue.ts';
import type { KgEntityRow, KgRelationRow } from './graph-schema.ts';

export const graphEntityView = z.object({
  id: z.string(),
  type: z.enum(graphEntityTypes),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  aliases: z.array(z.string()),
  description: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }),
  updatedAt: z.string(),
});

export const graphRelationView = z.object({
  id: z.string(),
  type: z.enum(graphRelationTypes),
  fromId: z.string(),
  toId: z.string(),
});

export function presentEntity(row: KgEntityRow): z.infer<typeof graphEntityView> {
  return { id: row.id, type: row.type, name: row.name, aliases: row.aliases, description: row.description, updatedAt: row.updatedAt.toISOString() };
}

export function presentRelation(row: KgRelationRow): z.infer<typeof graphRelationView> {
  return { id: row.id, type: row.type, fromId: row.fromId, toId: row.toId };
}
