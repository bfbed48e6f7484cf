import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.ts';

/** A batcher whose writes take a tick and are recorded, batch by batch. */
function recording(options: { maxBatch?: number; maxInFlight?: number; fail?: (items: string[]) => boolean } = {}) {
  const batches: string[][] = [];
  const batcher = new Batcher<string, string>({
    ...options,
    key: (item) => item.split(':')[0] ?? item,
    run: async (items) => {
      batches.push(items);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (options.fail?.(items)) throw new Error('write failed');
      return items.map((item) => item.toUpperCase());
    },
  });
  return { batcher, batches };
}

describe('Batcher', () => {
  it('writes what was submitted in the same tick together and answers each caller with its own result', async () => {
    const { batcher, batches } = recording();
    const results = await Promise.all(['a:1', 'b:1', 'c:1'].map((item) => batcher.submit(item)));
    expect(results).toEqual(['A:1', 'B:1', 'C:1']);
    expect(batches).toEqual([['a:1', 'b:1', 'c:1']]);
  });

  it('writes items of one key one after the other, in order, never in the same or concurrent batches', async () => {
    const { batcher, batches } = recording({ maxInFlight: 4 });
    await Promise.all(['a:1', 'a:2', 'b:1', 'a:3', 'b:2'].map((item) => batcher.submit(item)));
    expect(batches).toEqual([['a:1', 'b:1'], ['a:2', 'b:2'], ['a:3']]);
  });

  it('gathers items while batches are in flight, up to the batch size', async () => {
    const { batcher, batches } = recording({ maxBatch: 3, maxInFlight: 1 });
    const first = batcher.submit('x:0');
    await new Promise((resolve) => setImmediate(resolve));
    const rest = ['a', 'b', 'c', 'd', 'e'].map((k) => batcher.submit(`${k}:1`));
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([['x:0'], ['a:1', 'b:1', 'c:1'], ['d:1', 'e:1']]);
  });

  it('fails only the callers of a failed batch', async () => {
    const { batcher } = recording({ maxBatch: 1, fail: (items) => items.includes('b:1') });
    const results = await Promise.allSettled(['a:1', 'b:1', 'c:1'].map((item) => batcher.submit(item)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
