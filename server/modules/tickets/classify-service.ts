import { Worker } from 'node:worker_threads';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  deserializeTicketClassifier,
  ticketExamplesFromRows,
  trainTicketClassifier,
  type TicketClassifier,
  type TicketClassifierData,
} from '../../nlu/ticket-classifier.ts';
import { selectCategories } from './config-repo.ts';
import { selectLabelledTickets } from './repo.ts';
import type { Priority, TicketCategoryRow } from './schema.ts';

/** Past tickets a workspace's classifier learns from (the most recent ones). */
const TRAINING_TICKETS = 5_000;
/** A workspace needs this many categorised tickets over at least two categories before tickets are classified. */
const MIN_EXAMPLES = 20;
/** A model is retrained on use once it is this old (the old one answers meanwhile). */
const MAX_AGE_MS = 30 * 60_000;

interface Entry {
  model: TicketClassifier | null;
  trainedAt: number;
  training: Promise<void> | null;
}

const models = new WeakMap<AppContext, Map<string, Entry>>();

/** What the classifier suggested for a new ticket, as stored in `tickets.classification`. */
export interface TicketSuggestion {
  categoryId: string | null;
  priority: Priority;
  classification: Record<string, unknown>;
}

/**
 * Classifies a new ticket's text with the workspace's classifier, trained in
 * the background on its past tickets (a worker thread; retrained every 30
 * minutes of use). Null while no model is ready yet, or when the workspace
 * has too few categorised tickets — the ticket then keeps what its creator gave.
 */
export async function suggestForTicket(ctx: AppContext, workspaceId: string, text: string): Promise<TicketSuggestion | null> {
  const entry = entryFor(ctx, workspaceId);
  if (!entry.training && Date.now() - entry.trainedAt > MAX_AGE_MS) entry.training = retrain(ctx, workspaceId, entry);
  const model = entry.model;
  if (!model || !text.trim()) return null;
  const prediction = model.classify(text);
  const categories = await selectCategories(ctx.db, workspaceId);
  const category = categoryByPath(categories, prediction.category.path);
  return {
    categoryId: category?.id ?? null,
    priority: prediction.priority.value,
    classification: {
      by: 'classifier',
      category: { ...prediction.category, id: category?.id ?? null },
      priority: prediction.priority,
    },
  };
}

/** Trains the workspace's classifier now and waits for it (demo seeding, tests). */
export async function trainTicketClassifierNow(ctx: AppContext, workspaceId: string): Promise<boolean> {
  const entry = entryFor(ctx, workspaceId);
  entry.training ??= retrain(ctx, workspaceId, entry);
  await entry.training;
  return entry.model !== null;
}

function entryFor(ctx: AppContext, workspaceId: string): Entry {
  let byWorkspace = models.get(ctx);
  if (!byWorkspace) models.set(ctx, (byWorkspace = new Map()));
  let entry = byWorkspace.get(workspaceId);
  if (!entry) byWorkspace.set(workspaceId, (entry = { model: null, trainedAt: 0, training: null }));
  return entry;
}

async function retrain(ctx: AppContext, workspaceId: string, entry: Entry): Promise<void> {
  try {
    const examples = await trainingExamples(ctx.db, workspaceId);
    const labels = new Set(examples.map((e) => e.category.join('/')));
    entry.model = examples.length >= MIN_EXAMPLES && labels.size >= 2 ? deserializeTicketClassifier(await trainOffThread(examples)) : null;
    if (entry.model) ctx.log.info({ workspaceId, ...entry.model.stats }, 'ticket classifier trained');
  } catch (err) {
    ctx.log.warn({ err, workspaceId }, 'ticket classifier training failed; tickets are not classified until the next try');
  } finally {
    entry.trainedAt = Date.now();
    entry.training = null;
  }
}

async function trainingExamples(db: DbOrTx, workspaceId: string) {
  const categories = await selectCategories(db, workspaceId);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const pathOf = (id: string): string[] => {
    const path: string[] = [];
    for (let node = byId.get(id); node && path.length < 3; node = node.parentId ? byId.get(node.parentId) : undefined) path.unshift(node.key);
    return path;
  };
  const rows = await selectLabelledTickets(db, workspaceId, TRAINING_TICKETS);
  return ticketExamplesFromRows(rows.map((r) => ({ ...r, categoryPath: pathOf(r.categoryId) })));
}

function categoryByPath(categories: TicketCategoryRow[], path: string[]): TicketCategoryRow | undefined {
  let parentId: string | null = null;
  let found: TicketCategoryRow | undefined;
  for (const key of path) {
    found = categories.find((c) => c.parentId === parentId && c.key === key && !c.archived);
    if (!found) return undefined;
    parentId = found.id;
  }
  return found;
}

/** One training on a short-lived worker thread; inline when no worker can run here. */
function trainOffThread(examples: ReturnType<typeof ticketExamplesFromRows>): Promise<TicketClassifierData> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./classify-worker.mjs', import.meta.url));
    } catch {
      resolve(trainTicketClassifier(examples).serialize());
      return;
    }
    worker.unref();
    const inline = () => resolve(trainTicketClassifier(examples).serialize());
    worker.once('message', (reply: { ok: true; data: TicketClassifierData } | { ok: false; error: string }) => {
      void worker.terminate();
      if (reply.ok) resolve(reply.data);
      else inline();
    });
    worker.once('error', inline);
    worker.postMessage({ id: 0, examples, dictionary: [] });
  });
}
