import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { countByCategory, lockFaqsInCategory } from './repo.ts';
import { knowledgeLocales, type KnowledgeLocale } from './schema.ts';
import { applyFaqChange, categoryPath } from './service.ts';

export interface CategoryNode {
  name: string;
  path: string[];
  /** Items in this category and all below it. */
  count: number;
  children: CategoryNode[];
}

export const categoryQuery = z.object({ locale: z.enum(knowledgeLocales).optional() });

export const categoryMove = z
  .object({
    locale: z.enum(knowledgeLocales).optional().describe('Only the items in this locale (default: all)'),
    from: categoryPath.min(1).describe('The category to rename or move (its subcategories follow)'),
    to: categoryPath.min(1).describe('Its new path; the same parent with another last name renames it'),
  })
  .strict();

const byName = (a: CategoryNode, b: CategoryNode) => a.name.localeCompare(b.name, 'zh-CN');

/**
 * The category tree (three levels at most) grown from the items' category
 * paths, with how many items each holds.
 *
 * @example categoryTree([{ category: ['耳机', '充电'], count: 2 }]) // [{ name: '耳机', count: 2, children: [{ name: '充电', … }] }]
 */
export function categoryTree(counts: { category: string[]; count: number }[]): CategoryNode[] {
  const root: CategoryNode = { name: '', path: [], count: 0, children: [] };
  for (const { category, count } of counts) {
    let node = root;
    for (const name of category) {
      let child = node.children.find((c) => c.name === name);
      if (!child) node.children.push((child = { name, path: [...node.path, name], count: 0, children: [] }));
      child.count += count;
      node = child;
    }
  }
  const sort = (nodes: CategoryNode[]): CategoryNode[] => nodes.sort(byName).map((n) => ({ ...n, children: sort(n.children) }));
  return sort(root.children);
}

/** The workspace's categories (of one locale, or all) and how many items have none. */
export async function listCategories(db: DbOrTx, workspaceId: string, locale?: KnowledgeLocale) {
  const counts = await countByCategory(db, workspaceId, locale);
  return {
    items: categoryTree(counts.filter((c) => c.category.length > 0)),
    uncategorised: counts.filter((c) => c.category.length === 0).reduce((sum, c) => sum + c.count, 0),
  };
}

/**
 * Rename or move a category: every item under it gets the new path prefix,
 * each as a new version with an audit row; the bot retrains after the commit.
 */
export async function moveCategory(ctx: AppContext, actor: Actor, body: z.infer<typeof categoryMove>): Promise<{ moved: number }> {
  const workspaceId = actor.principal.workspaceId;
  const note = `${body.from.join(' / ')} → ${body.to.join(' / ')}`;
  const moved = await ctx.db.transaction(async (tx) => {
    const rows = await lockFaqsInCategory(tx, workspaceId, body.from, body.locale);
    const paths = rows.map((row) => [...body.to, ...row.category.slice(body.from.length)]);
    if (paths.some((p) => p.length > 3)) throw appError('category_too_deep');
    let count = 0;
    for (const [i, row] of rows.entries()) {
      const after = await applyFaqChange(tx, actor, row, { category: paths[i]! }, { action: 'category_moved', note });
      if (after !== row) count++;
    }
    return count;
  });
  if (moved > 0) ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
  return { moved };
}
