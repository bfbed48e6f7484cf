import { api, query, type Items } from '../api.ts';

/** The knowledge graph's shapes and calls (server/modules/knowledge/graph-routes.ts). */

export const entityTypes = ['product', 'model', 'function', 'fault', 'solution', 'policy'] as const;
export type EntityType = (typeof entityTypes)[number];
export const relationTypes = ['has_model', 'has_function', 'has_fault', 'solved_by', 'applies_to'] as const;
export type RelationType = (typeof relationTypes)[number];

export interface GraphEntity {
  id: string;
  type: EntityType;
  name: { 'zh-CN': string; en: string };
  aliases: string[];
  description: { 'zh-CN'?: string; en?: string };
  updatedAt: string;
}

export interface GraphRelation {
  id: string;
  type: RelationType;
  fromId: string;
  toId: string;
}

export interface Neighbourhood {
  centerId: string;
  entities: GraphEntity[];
  relations: GraphRelation[];
}

export type EntityInput = Pick<GraphEntity, 'name' | 'aliases' | 'description'> & { type?: EntityType };

/** Which (from, to) entity types each relation type joins; mirrors server/nlu/graph-catalogue.ts. */
export const allowedPairs: Record<RelationType, readonly (readonly [EntityType, EntityType])[]> = {
  has_model: [['product', 'model']],
  has_function: [
    ['product', 'function'],
    ['model', 'function'],
  ],
  has_fault: [
    ['product', 'fault'],
    ['model', 'fault'],
    ['function', 'fault'],
  ],
  solved_by: [['fault', 'solution']],
  applies_to: [
    ['policy', 'product'],
    ['policy', 'model'],
  ],
};

/** Entity types whose text is what the bot answers with. */
export const answerTypes: readonly EntityType[] = ['solution', 'policy'];

const base = '/api/v1/knowledge/graph';

export const graphApi = {
  list: (q: string, type: EntityType | '') => api<Items<GraphEntity>>('GET', `${base}/entities${query({ q, type, limit: 200 })}`),
  neighbourhood: (id: string, depth: 1 | 2) =>
    api<Neighbourhood>('GET', `${base}/entities/${encodeURIComponent(id)}/neighbourhood${query({ depth })}`),
  create: (input: EntityInput) => api<GraphEntity>('POST', `${base}/entities`, input),
  update: (id: string, input: EntityInput) => api<GraphEntity>('PATCH', `${base}/entities/${encodeURIComponent(id)}`, input),
  remove: (id: string) => api<void>('DELETE', `${base}/entities/${encodeURIComponent(id)}`),
  relate: (fromId: string, type: RelationType, toId: string) => api<GraphRelation>('POST', `${base}/relations`, { fromId, type, toId }),
  unrelate: (id: string) => api<void>('DELETE', `${base}/relations/${encodeURIComponent(id)}`),
  ask: (text: string) => api<{ answer: { reply: { 'zh-CN': string; en: string } } | null }>('POST', `${base}/ask`, { text }),
};
