/**
 * Runs tasks one after another per key (one visitor's messages, one
 * conversation's bot turns): they keep their order and never race each other,
 * while different keys run concurrently.
 *
 * @example const queue = new KeyedQueue(); queue.run(conversationId, () => answer(message));
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => this.tails.get(key) === tail && this.tails.delete(key));
    return result;
  }
}
