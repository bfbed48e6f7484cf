import type { DbOrTx } from '../../db/client.ts';
import { findSession } from './repo.ts';

export interface CachedSession {
  state: Record<string, unknown>;
  version: number;
}

/**
 * The dialogue state of recently active conversations, per process, so a
 * turn usually needs no read. Safe with several nodes: every write is
 * conditional on the version read (see `commitTurn`), and a stale entry only
 * costs one redone turn, which reads the database.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();

  constructor(private readonly capacity = 20_000) {}

  async load(db: DbOrTx, workspaceId: string, conversationId: string, fresh = false): Promise<CachedSession | undefined> {
    const hit = fresh ? undefined : this.entries.get(conversationId);
    if (hit) {
      // Map order is insertion order: re-inserting marks it recently used.
      this.entries.delete(conversationId);
      this.entries.set(conversationId, hit);
      return hit;
    }
    const row = await findSession(db, workspaceId, conversationId);
    if (row) this.remember(conversationId, row);
    return row;
  }

  remember(conversationId: string, session: CachedSession): void {
    this.entries.delete(conversationId);
    this.entries.set(conversationId, session);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }
}
