/**
 * The knowledge graph's vocabulary: what kinds of things it holds and which
 * typed relations may join them. Shared by the storage module (validation)
 * and the answering functions (walks), so both read the same catalogue.
 */

export const graphEntityTypes = ['product', 'model', 'function', 'fault', 'solution', 'policy'] as const;
export type GraphEntityType = (typeof graphEntityTypes)[number];

export const graphRelationTypes = ['has_model', 'has_function', 'has_fault', 'solved_by', 'applies_to'] as const;
export type GraphRelationType = (typeof graphRelationTypes)[number];

/** Every (from type → to type) pair a relation type allows; anything else is refused. */
export const allowedRelations: Record<GraphRelationType, readonly (readonly [GraphEntityType, GraphEntityType])[]> = {
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

/**
 * Whether a relation of `type` may go from an entity of type `from` to one of type `to`.
 *
 * @example relationAllowed('solved_by', 'fault', 'solution') // true
 */
export function relationAllowed(type: GraphRelationType, from: GraphEntityType, to: GraphEntityType): boolean {
  return allowedRelations[type].some(([f, t]) => f === from && t === to);
}

export interface GraphLocalized {
  'zh-CN': string;
  en: string;
}

/** One entity as the answering functions see it (the stored row, minus bookkeeping). */
export interface GraphEntity {
  id: string;
  type: GraphEntityType;
  name: GraphLocalized;
  /** Other surface forms customers write, in either language ("X3耳机", "X3 earbuds"). */
  aliases: string[];
  /** For solutions and policies: the text the bot answers with. */
  description: Partial<GraphLocalized>;
}

export interface GraphRelation {
  id: string;
  type: GraphRelationType;
  fromId: string;
  toId: string;
}

export interface GraphData {
  entities: GraphEntity[];
  relations: GraphRelation[];
}
