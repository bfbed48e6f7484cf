import { z } from 'zod';

/** A ticket priority, lowest first (the same order as the tickets table's enum). */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** The higher of two priorities. */
export function maxPriority(a: TicketPriority, b: TicketPriority): TicketPriority {
  return TICKET_PRIORITIES.indexOf(a) >= TICKET_PRIORITIES.indexOf(b) ? a : b;
}

export interface TicketCategoryNode {
  /** Stable machine key, unique among its siblings (`after_sales`, `returns`). */
  key: string;
  name: { 'zh-CN': string; en: string };
  /** Key of the team that takes the node's tickets (dispatch rule); a deeper node's team wins. */
  team?: string;
  skills?: string[];
  defaultPriority?: TicketPriority;
  children: TicketCategoryNode[];
}

const Node: z.ZodType<TicketCategoryNode> = z.lazy(() =>
  z.object({
    key: z.string().regex(/^[a-z0-9_]+$/),
    name: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
    team: z.string().optional(),
    skills: z.array(z.string()).optional(),
    defaultPriority: z.enum(TICKET_PRIORITIES).optional(),
    children: z.array(Node),
  }),
);

/** Validates a category tree (the demo's `server/demo/ticket-categories.json` or a workspace's export). */
export const TicketCategoryTree = z.array(Node);

/** Every leaf's key path, in tree order: `[['after_sales', 'returns', 'return_request'], …]`. */
export function leafPaths(tree: TicketCategoryNode[], prefix: string[] = []): string[][] {
  return tree.flatMap((node) => {
    const path = [...prefix, node.key];
    return node.children.length ? leafPaths(node.children, path) : [path];
  });
}

/** What a category path dispatches to: the deepest team, skills and default priority set along it. */
export interface Dispatch {
  team: string | null;
  skills: string[];
  defaultPriority: TicketPriority | null;
  /** Names of the nodes along the path (as far as it matches the tree). */
  names: { 'zh-CN': string; en: string }[];
}

/**
 * The dispatch rule for a (possibly partial) category path: a deeper node's
 * team, skills and default priority win over its ancestors'.
 *
 * @example
 * dispatchFor(tree, ['account', 'security', 'scam']); // { team: 'security', skills: ['安全'], defaultPriority: 'urgent', … }
 */
export function dispatchFor(tree: TicketCategoryNode[], path: readonly string[]): Dispatch {
  const out: Dispatch = { team: null, skills: [], defaultPriority: null, names: [] };
  let level = tree;
  for (const key of path) {
    const node = level.find((n) => n.key === key);
    if (!node) break;
    out.names.push(node.name);
    if (node.team) out.team = node.team;
    if (node.skills?.length) out.skills = node.skills;
    if (node.defaultPriority) out.defaultPriority = node.defaultPriority;
    level = node.children;
  }
  return out;
}
