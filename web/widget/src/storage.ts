/** What the widget keeps in the browser: the visitor token and the outbox of unacknowledged messages. */

/** A message the visitor sent that Kefu has not acknowledged yet. */
export interface OutboxItem {
  clientMessageId: string;
  content: string;
  attachmentIds: string[];
  attachmentNames: string[];
  at: number;
}

const OUTBOX_MAX_AGE_MS = 24 * 3600 * 1000;

export type Store = ReturnType<typeof store>;

/** localStorage that degrades to memory when the browser refuses it (private mode, disabled storage). */
export function store(prefix: string) {
  const memory = new Map<string, string>();
  return {
    get(key: string): string | null {
      try {
        return localStorage.getItem(prefix + key);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set(key: string, value: string | null): void {
      try {
        if (value === null) localStorage.removeItem(prefix + key);
        else localStorage.setItem(prefix + key, value);
      } catch {
        if (value === null) memory.delete(key);
        else memory.set(key, value);
      }
    },
  };
}

export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Unacknowledged messages, in localStorage so they survive a reload and are
 * resent (same clientMessageId, so stored once) when the socket is back.
 * Read fresh each time: another tab of the same site may have added or acked one.
 */
export class Outbox {
  constructor(private readonly storage: Store) {}

  read(): OutboxItem[] {
    try {
      const items = JSON.parse(this.storage.get('outbox') ?? '[]') as OutboxItem[];
      return items.filter((item) => Date.now() - item.at < OUTBOX_MAX_AGE_MS);
    } catch {
      return [];
    }
  }

  add(item: OutboxItem): void {
    this.write([...this.read(), item]);
  }

  remove(clientMessageId: string): void {
    this.write(this.read().filter((item) => item.clientMessageId !== clientMessageId));
  }

  private write(items: OutboxItem[]): void {
    this.storage.set('outbox', items.length ? JSON.stringify(items) : null);
  }
}
