import type { Brain } from '../modules/bot/index.ts';
import type { FaqRow } from '../modules/knowledge/index.ts';
import { otherLocale, type PortalLocale } from './i18n.ts';

/** One node of a locale's category tree (product line → function → problem type). */
export interface CategoryNode {
  name: string;
  /** Names from the root down to this node. */
  path: string[];
  children: CategoryNode[];
  /** Items filed exactly here. */
  items: FaqRow[];
  /** Items here and below. */
  total: number;
}

/** A search hit: the item in the page's language (or its translation when that is all there is). */
export interface SearchHit {
  item: FaqRow;
  /** The stored question that matched best (standard or similar). */
  matched: string;
  score: number;
  snippet: string;
}

/** What the help center shows of one workspace: the published FAQ items its bot was trained on, arranged for browsing. */
export interface Catalog {
  /** The item with this key in `locale`, else its translation; undefined when the key is not published. */
  item(key: string, locale: PortalLocale): FaqRow | undefined;
  /** Every locale the key is published in. */
  translations(key: string): FaqRow[];
  /** Items in `locale`, in the order they were created. */
  items(locale: PortalLocale): FaqRow[];
  /** Root categories of `locale`; items without a category sit in a nameless root's `items`. */
  tree(locale: PortalLocale): CategoryNode;
  /** The node at `path`, or undefined. */
  category(locale: PortalLocale, path: readonly string[]): CategoryNode | undefined;
  /** Natural-language search with the bot's own retriever. */
  search(query: string, locale: PortalLocale, limit?: number): SearchHit[];
}

/** Below this fused score a candidate is noise, not an answer (the bot asks "did you mean" from about 0.3). */
const MIN_SCORE = 0.12;
const SNIPPET_CHARS = 140;

const catalogs = new WeakMap<Brain, Catalog>();

/** The catalog of a trained bot, built once per brain (a retrain builds a new brain, hence a new catalog). */
export function catalogOf(brain: Brain): Catalog {
  let catalog = catalogs.get(brain);
  if (!catalog) catalogs.set(brain, (catalog = buildCatalog(brain)));
  return catalog;
}

function buildCatalog(brain: Brain): Catalog {
  const byKey = new Map<string, Map<string, FaqRow>>();
  for (const row of brain.faqs) byKey.set(row.key, (byKey.get(row.key) ?? new Map()).set(row.locale, row));
  const sorted = [...brain.faqs].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const perLocale = new Map<PortalLocale, FaqRow[]>();
  const trees = new Map<PortalLocale, CategoryNode>();
  const itemsOf = (locale: PortalLocale) => {
    let list = perLocale.get(locale);
    if (!list) perLocale.set(locale, (list = sorted.filter((r) => r.locale === locale)));
    return list;
  };
  const treeOf = (locale: PortalLocale) => {
    let tree = trees.get(locale);
    if (!tree) trees.set(locale, (tree = buildTree(itemsOf(locale))));
    return tree;
  };
  const item = (key: string, locale: PortalLocale) => byKey.get(key)?.get(locale) ?? byKey.get(key)?.get(otherLocale(locale));
  return {
    item,
    translations: (key) => [...(byKey.get(key)?.values() ?? [])],
    items: itemsOf,
    tree: treeOf,
    category: (locale, path) => findNode(treeOf(locale), path),
    search(query, locale, limit = 5) {
      // The language is detected from the question, as the bot does: an English question on a Chinese page still matches.
      const message = brain.understand(query.slice(0, 500));
      const hits: SearchHit[] = [];
      for (const candidate of message.faq ?? []) {
        const row = candidate.score >= MIN_SCORE ? item(candidate.faqId, locale) : undefined;
        if (row) hits.push({ item: row, matched: candidate.question, score: candidate.score, snippet: snippet(row.answer) });
      }
      return hits.slice(0, limit);
    },
  };
}

function buildTree(rows: readonly FaqRow[]): CategoryNode {
  const root: CategoryNode = { name: '', path: [], children: [], items: [], total: 0 };
  for (const row of rows) {
    let node = root;
    node.total++;
    for (const name of row.category.slice(0, 3)) {
      let child = node.children.find((c) => c.name === name);
      if (!child) node.children.push((child = { name, path: [...node.path, name], children: [], items: [], total: 0 }));
      node = child;
      node.total++;
    }
    node.items.push(row);
  }
  return root;
}

function findNode(root: CategoryNode, path: readonly string[]): CategoryNode | undefined {
  let node: CategoryNode | undefined = root;
  for (const name of path) node = node?.children.find((c) => c.name === name);
  return path.length > 0 ? node : undefined;
}

/** Every item in a node and below it. */
export function itemsUnder(node: CategoryNode): FaqRow[] {
  return [...node.items, ...node.children.flatMap(itemsUnder)];
}

/** The answer's first words as one line of plain text. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SNIPPET_CHARS ? flat : `${flat.slice(0, SNIPPET_CHARS - 1)}…`;
}
