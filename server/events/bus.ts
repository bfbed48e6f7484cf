import type { Logger } from 'pino';
import type { EventCatalogue, EventEnvelope, EventName } from './catalogue.ts';

type Handler<N extends EventName> = (event: EventEnvelope<N>) => void | Promise<void>;

/**
 * In-process event bus. `emit` never throws and never waits for listeners:
 * a failing listener is logged and the others still run. Call it only after
 * the transaction that made the change has committed.
 */
export class EventBus {
  private readonly handlers = new Map<EventName, Set<Handler<never>>>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  on<N extends EventName>(name: N, handler: Handler<N>): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  emit<N extends EventName>(name: N, payload: EventCatalogue[N]): void {
    const handlers = this.handlers.get(name);
    if (!handlers?.size) return;
    const event: EventEnvelope<N> = { name, payload, occurredAt: new Date().toISOString() };
    for (const handler of handlers) {
      const run = Promise.resolve()
        .then(() => (handler as Handler<N>)(event))
        .catch((err: unknown) => this.log.error({ err, event: name }, 'event listener failed'));
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
    }
  }

  /** Resolve when every listener started so far has finished (for shutdown and tests). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
