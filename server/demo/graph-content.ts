import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { graphEntityTypes, graphRelationTypes, relationAllowed } from '../nlu/graph-catalogue.ts';

/**
 * The demo workspace's knowledge graph (graph.json next to this file, written
 * by the Kefu team): the X3 earbuds and S20 watch, their faults and fixes,
 * and the return and warranty policies, in zh-CN and en. Relations name
 * entities by `key`; the seed gives them ids.
 */
const localized = z.object({ 'zh-CN': z.string().min(1).max(120), en: z.string().min(1).max(120) });

const demoGraphSchema = z
  .object({
    entities: z.array(
      z.object({
        key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/),
        type: z.enum(graphEntityTypes),
        name: localized,
        aliases: z.array(z.string().min(1).max(80)).max(50),
        description: z.object({ 'zh-CN': z.string().min(1).max(4000).optional(), en: z.string().min(1).max(4000).optional() }).strict(),
      }),
    ),
    relations: z.array(z.object({ from: z.string(), to: z.string(), type: z.enum(graphRelationTypes) })),
  })
  .superRefine((graph, issues) => {
    const types = new Map(graph.entities.map((e) => [e.key, e.type]));
    graph.relations.forEach((r, i) => {
      const from = types.get(r.from);
      const to = types.get(r.to);
      if (!from || !to) issues.addIssue({ code: 'custom', path: ['relations', i], message: `unknown entity key ${from ? r.to : r.from}` });
      else if (!relationAllowed(r.type, from, to))
        issues.addIssue({ code: 'custom', path: ['relations', i], message: `${r.type} cannot go from ${from} to ${to}` });
    });
  });
export type DemoGraph = z.infer<typeof demoGraphSchema>;

/** The demo graph, validated (unknown keys and relation pairs outside the catalogue are errors). */
export function loadDemoGraph(): DemoGraph {
  const raw: unknown = JSON.parse(readFileSync(new URL('./graph.json', import.meta.url), 'utf8'));
  const result = demoGraphSchema.safeParse(raw);
  if (!result.success)
    throw new Error(
      `Invalid demo content: server/demo/graph.json: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return result.data;
}
