/**
 * Group commit: callers submit one item each and await its own result, while
 * the items submitted meanwhile are written together by one call of `run` —
 * one statement and one commit for many conversations instead of one each.
 *
 * A batch leaves as soon as the event loop turns, so a lone item waits for
 * nothing; under load, items gather while earlier batches are in flight
 * (at most `maxInFlight` at once) and leave together, up to `maxBatch`.
 * Items with the same `key` are written one after the other, in the order
 * they were submitted: an item waits while an item of its key is queued
 * ahead of it in the batch being filled or is in flight.
 *
 * @example
 * const batcher = new Batcher({ run: (items) => insertAll(items), key: (item) => item.conversationId });
 * const stored = await batcher.submit(item);
 */
export class Batcher<In, Out> {
  private readonly queue: { item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;
  private readonly busyKeys = new Set<string>();
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly options: {
      /** Writes the items; returns one result per item, in order. */
      run: (items: In[]) => Promise<Out[]>;
      key?: (item: In) => string;
      maxBatch?: number;
      maxInFlight?: number;
    },
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queue.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch = this.take();
      if (!batch.length) return;
      const { key } = this.options;
      const keys = key ? batch.map((entry) => key(entry.item)) : [];
      for (const k of keys) this.busyKeys.add(k);
      this.inFlight += 1;
      void this.options
        .run(batch.map((entry) => entry.item))
        .then(
          (results) => batch.forEach((entry, i) => entry.resolve(results[i] as Out)),
          (err: unknown) => batch.forEach((entry) => entry.reject(err)),
        )
        .finally(() => {
          for (const k of keys) this.busyKeys.delete(k);
          this.inFlight -= 1;
          this.schedule();
        });
    }
  }

  /** The next batch: queue order, at most `maxBatch`, one item per key and none whose key is in flight. */
  private take(): typeof this.queue {
    const { key } = this.options;
    if (!key) return this.queue.splice(0, this.maxBatch);
    const blocked = new Set(this.busyKeys);
    const batch: typeof this.queue = [];
    const rest: typeof this.queue = [];
    for (const entry of this.queue) {
      const k = key(entry.item);
      if (batch.length < this.maxBatch && !blocked.has(k)) batch.push(entry);
      else rest.push(entry);
      blocked.add(k);
    }
    this.queue.splice(0, this.queue.length, ...rest);
    return batch;
  }
}
