import type { AppContext } from '../../context.ts';
import { announcePresence } from './events.ts';
import { markUnseenOffline, touchLastSeen } from './repo.ts';
import { sweepRouting } from './scheduler.ts';

/** How long an agent may be without any console socket before they go offline. */
export const PRESENCE_GRACE_MS = 60_000;
/** Sockets report in at least this often (the console socket's ping interval is shorter). */
const STALE_AFTER_SECONDS = 180;

/**
 * Presence follows the console: when an agent's last console socket has
 * been closed for the grace period they go offline (coming back online is
 * their explicit choice). Sockets may live on several Kefu nodes, so the
 * decision is the database's: every socket refreshes `last_seen_at` when it
 * opens, on each heartbeat and when it closes, and the check after the grace
 * period only takes an agent offline if no socket anywhere refreshed it
 * meanwhile. A node that dies cannot run its checks; the heartbeat of any
 * other socket in the workspace takes its agents offline once they have not
 * been seen for three minutes.
 */
export class PresenceTracker {
  private readonly sockets = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: AppContext,
    private readonly graceMs = PRESENCE_GRACE_MS,
  ) {}

  /** A console socket of this agent opened; call the returned function when it closes. */
  connect(workspaceId: string, userId: string): () => void {
    const key = `${workspaceId}:${userId}`;
    this.sockets.set(key, (this.sockets.get(key) ?? 0) + 1);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    void this.touch(workspaceId, userId);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      const left = (this.sockets.get(key) ?? 1) - 1;
      if (left > 0) return void this.sockets.set(key, left);
      this.sockets.delete(key);
      void this.touch(workspaceId, userId);
      const timer = setTimeout(() => {
        this.timers.delete(key);
        void this.goOfflineIfUnseen(workspaceId, userId);
      }, this.graceMs);
      timer.unref();
      this.timers.set(key, timer);
    };
  }

  /** A socket is alive (its periodic ping): refresh the agent, take ghosts offline, and sweep the queue now and then. */
  async heartbeat(workspaceId: string, userId: string): Promise<void> {
    await this.touch(workspaceId, userId);
    await this.run(async () => {
      for (const gone of await markUnseenOffline(this.ctx.db, workspaceId, STALE_AFTER_SECONDS))
        announcePresence(this.ctx, workspaceId, gone, 'offline');
    });
    await sweepRouting(this.ctx, workspaceId);
  }

  private touch(workspaceId: string, userId: string): Promise<void> {
    return this.run(() => touchLastSeen(this.ctx.db, workspaceId, userId));
  }

  private async goOfflineIfUnseen(workspaceId: string, userId: string): Promise<void> {
    // A little under the grace period: the close itself refreshed last_seen_at.
    const unseen = Math.max(0, this.graceMs / 1000 - 1);
    await this.run(async () => {
      for (const gone of await markUnseenOffline(this.ctx.db, workspaceId, unseen, userId)) announcePresence(this.ctx, workspaceId, gone, 'offline');
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.ctx.log.warn({ err }, 'presence update failed');
    }
  }
}

const trackers = new WeakMap<AppContext, PresenceTracker>();

/** The process's presence tracker (one per app context). */
export function presenceTracker(ctx: AppContext): PresenceTracker {
  let tracker = trackers.get(ctx);
  if (!tracker) trackers.set(ctx, (tracker = new PresenceTracker(ctx)));
  return tracker;
}
