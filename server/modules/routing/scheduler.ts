import type { AppContext } from '../../context.ts';
import { routeInTransaction } from './assign-service.ts';
import { announceRouting } from './events.ts';

interface Pending {
  enqueue: Set<string> | 'all';
  done: Promise<void>;
  start: () => void;
}

interface WorkspaceState {
  running: boolean;
  next: Pending | null;
  lastRunAt: number;
}

const states = new WeakMap<AppContext, Map<string, WorkspaceState>>();

/** Routing passes of one workspace on this node: one at a time, and a burst of triggers coalesces into one more pass. */
function stateOf(ctx: AppContext, workspaceId: string): WorkspaceState {
  let byWorkspace = states.get(ctx);
  if (!byWorkspace) states.set(ctx, (byWorkspace = new Map()));
  let state = byWorkspace.get(workspaceId);
  if (!state) byWorkspace.set(workspaceId, (state = { running: false, next: null, lastRunAt: 0 }));
  return state;
}

/** One pass: a transaction (retried once on failure), and another while the last one handed out its full share. */
async function runPass(ctx: AppContext, workspaceId: string, enqueue: string[] | 'all'): Promise<void> {
  let next = enqueue;
  for (let failures = 0; ;) {
    try {
      const outcome = await ctx.db.transaction((tx) => routeInTransaction(tx, workspaceId, next));
      announceRouting(ctx, workspaceId, outcome);
      if (!outcome.more) return;
      next = [];
    } catch (err) {
      if (++failures >= 2) return void ctx.log.error({ err, workspaceId }, 'routing pass failed; the next trigger retries');
    }
  }
}

function startNext(ctx: AppContext, workspaceId: string, state: WorkspaceState): void {
  const pending = state.next;
  if (!pending || state.running) return;
  state.next = null;
  state.running = true;
  pending.start();
}

/**
 * Run a routing pass for the workspace — queue the open, unassigned
 * conversations among `conversationIds` (`all`: every one), drain the queue,
 * renumber it — and resolve when a pass that started after this call has
 * finished. At most one pass per workspace runs on this node (others wait in
 * the database for the same lock on other nodes); triggers arriving
 * meanwhile share the next pass. Never rejects: a failed pass is logged.
 */
export function scheduleRouting(ctx: AppContext, workspaceId: string, conversationIds: string[] | 'all' = []): Promise<void> {
  const state = stateOf(ctx, workspaceId);
  if (!state.next) {
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    const pending: Pending = { enqueue: new Set(), start, done: Promise.resolve() };
    pending.done = started.then(async () => {
      const enqueue = pending.enqueue === 'all' ? 'all' : [...pending.enqueue];
      try {
        await runPass(ctx, workspaceId, enqueue);
      } finally {
        state.running = false;
        state.lastRunAt = Date.now();
        startNext(ctx, workspaceId, state);
      }
    });
    state.next = pending;
  }
  const next = state.next;
  if (conversationIds === 'all') next.enqueue = 'all';
  else if (next.enqueue !== 'all') for (const id of conversationIds) next.enqueue.add(id);
  const done = next.done;
  startNext(ctx, workspaceId, state);
  return done;
}

/** At most every `intervalMs` per workspace and node: a full pass that also picks up conversations whose trigger was lost (a node died after a commit). */
export function sweepRouting(ctx: AppContext, workspaceId: string, intervalMs = 30_000): Promise<void> {
  const state = stateOf(ctx, workspaceId);
  if (Date.now() - state.lastRunAt < intervalMs || state.next) return Promise.resolve();
  return scheduleRouting(ctx, workspaceId, 'all');
}
