/**
 * Settings read on every message (a workspace's automation rules, say) kept
 * in memory per database handle and key. A write on this node forgets the
 * key at once; other nodes read the change within `ttlMs`. Concurrent misses
 * share one read; a failed read is not kept.
 *
 * @example
 *   const rules = readCache<Rule[]>(5_000);
 *   await rules.get(ctx.db, workspaceId, () => selectRules(ctx.db, workspaceId));
 *   rules.forget(ctx.db, workspaceId); // after the write commits
 */
export interface ReadCache<T> {
  get(db: object, key: string, load: () => Promise<T>): Promise<T>;
  /** Drop one key (`key`) or every key starting with `prefix:` (`forget(db, 'ws_1:', true)`). */
  forget(db: object, key: string, prefix?: boolean): void;
}

interface Entry<T> {
  value: Promise<T>;
  at: number;
}

export function readCache<T>(ttlMs: number): ReadCache<T> {
  const byDb = new WeakMap<object, Map<string, Entry<T>>>();
  const mapOf = (db: object) => {
    let map = byDb.get(db);
    if (!map) byDb.set(db, (map = new Map()));
    return map;
  };
  return {
    get(db, key, load) {
      const map = mapOf(db);
      const hit = map.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const entry: Entry<T> = { value: load(), at: Date.now() };
      map.set(key, entry);
      // A failed read is forgotten (unless a newer one replaced it meanwhile).
      entry.value.catch(() => map.get(key) === entry && map.delete(key));
      return entry.value;
    },
    forget(db, key, prefix = false) {
      const map = mapOf(db);
      if (!prefix) return void map.delete(key);
      for (const k of map.keys()) if (k.startsWith(key)) map.delete(k);
    },
  };
}
