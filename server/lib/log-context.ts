import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

/** The request being served, if any, for whatever code runs on its behalf. */
export const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/**
 * Kefu's logger. Every line written while a request is being served carries
 * its `reqId`, also from code that logs through the shared `ctx.log` rather
 * than `req.log`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'kefu' },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      mixin(_obj, _level, logger) {
        const store = requestContext.getStore();
        if (!store || 'reqId' in logger.bindings()) return {};
        return { reqId: store.reqId };
      },
    },
    destination,
  );
}
