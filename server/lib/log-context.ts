import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

/** The request being served, if any, for whatever code runs on its behalf. */
export const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/** Rewrites a piece of text so it carries no personal information (the pii module's `maskForLog`). */
export type LogScrubber = (text: string) => string;

/** Strings worth handing to the scrubber: personal values have digits, an @ or Chinese text. */
const MAYBE_PERSONAL = /[\d@\u3400-\u9fff]/;

function scrubValue(value: unknown, scrub: LogScrubber): unknown {
  if (typeof value === 'string') return MAYBE_PERSONAL.test(value) ? scrub(value) : value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, scrub));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, scrub);
    return out;
  }
  return value;
}

/**
 * Scrub one finished log line: every string value in it — the message, an
 * error's message and stack, a request's URL, a child logger's bindings —
 * whatever produced it. Numbers (time, level, status) are left as they are.
 */
export function scrubLogLine(line: string, scrub: LogScrubber): string {
  if (!MAYBE_PERSONAL.test(line)) return line;
  try {
    return `${JSON.stringify(scrubValue(JSON.parse(line), scrub))}\n`;
  } catch {
    return scrub(line);
  }
}

/**
 * Kefu's logger. Every line written while a request is being served carries
 * its `reqId`, also from code that logs through the shared `ctx.log` rather
 * than `req.log`. With `scrub`, each line passes through it just before it
 * is written, so no log line carries a raw phone number, email or ID.
 */
export function createLogger(level: string, destination?: DestinationStream, scrub?: LogScrubber): Logger {
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
      ...(scrub ? { hooks: { streamWrite: (s: string) => scrubLogLine(s, scrub) } } : {}),
    },
    destination,
  );
}
