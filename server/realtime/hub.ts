import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What travels to connected agents and widgets. `topic` names who hears it. */
export interface RealtimeEvent {
  type: string;
  [key: string]: unknown;
}

type Handler = (event: RealtimeEvent) => void;

/**
 * Publish/subscribe by topic (`workspace:<id>`, `conversation:<id>`). One
 * process: in memory. Several processes behind a load balancer: through
 * Redis, so a message stored on node A reaches a socket held by node B.
 */
export interface RealtimeHub {
  publish(topic: string, event: RealtimeEvent): void;
  subscribe(topic: string, handler: Handler): () => void;
  close(): Promise<void>;
}

class LocalTopics {
  private readonly topics = new Map<string, Set<Handler>>();

  add(topic: string, handler: Handler): () => void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.topics.delete(topic);
    };
  }

  has(topic: string): boolean {
    return this.topics.has(topic);
  }

  deliver(topic: string, event: RealtimeEvent, log: Logger): void {
    for (const handler of this.topics.get(topic) ?? []) {
      try {
        handler(event);
      } catch (err) {
        log.warn({ err, topic }, 'realtime subscriber failed');
      }
    }
  }
}

export function createLocalHub(log: Logger): RealtimeHub {
  const local = new LocalTopics();
  return {
    publish: (topic, event) => local.deliver(topic, event, log),
    subscribe: (topic, handler) => local.add(topic, handler),
    close: async () => undefined,
  };
}

const PREFIX = 'kefu:rt:';

/**
 * Redis-backed hub: every node publishes to Redis and hears every topic
 * through one pattern subscription, then hands each event to its own local
 * subscribers (a node with no subscriber for a topic just drops it).
 */
export async function createRedisHub(url: string, log: Logger): Promise<RealtimeHub> {
  const local = new LocalTopics();
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: true });
  for (const client of [pub, sub]) client.on('error', (err) => log.warn({ err }, 'redis connection error'));
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.psubscribe(`${PREFIX}*`);
  sub.on('pmessage', (_pattern, channel, raw) => {
    const topic = channel.slice(PREFIX.length);
    if (!local.has(topic)) return;
    try {
      local.deliver(topic, JSON.parse(raw) as RealtimeEvent, log);
    } catch (err) {
      log.warn({ err }, 'unreadable realtime event');
    }
  });
  return {
    publish: (topic, event) => {
      pub.publish(PREFIX + topic, JSON.stringify(event)).catch((err: unknown) => log.warn({ err, topic }, 'realtime publish failed'));
    },
    subscribe: (topic, handler) => local.add(topic, handler),
    close: async () => {
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}

export const topics = {
  workspace: (workspaceId: string) => `workspace:${workspaceId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** One person's own consoles (their @mentions). */
  user: (workspaceId: string, userId: string) => `user:${workspaceId}:${userId}`,
};
