import type { Logger } from 'pino';
import type { Db } from './db/client.ts';
import type { Env } from './env.ts';
import type { EventBus } from './events/bus.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { RealtimeHub } from './realtime/hub.ts';

/** What services need from the running process; passed explicitly, no container. */
export interface AppContext {
  env: Env;
  db: Db;
  bus: EventBus;
  log: Logger;
  /** Pub/sub to connected agents and widgets (in memory, or Redis with REDIS_URL). */
  realtime: RealtimeHub;
  /** Durable background work (pg-boss). */
  jobs: JobQueue;
}
