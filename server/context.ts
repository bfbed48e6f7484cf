import type { Logger } from 'pino';
import type { Db } from './db/client.ts';
import type { Env } from './env.ts';
import type { EventBus } from './events/bus.ts';

/** What services need from the running process; passed explicitly, no container. */
export interface AppContext {
  env: Env;
  db: Db;
  bus: EventBus;
  log: Logger;
}
