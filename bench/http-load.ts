import { Worker } from 'node:worker_threads';

export interface LoadSpec {
  url: string;
  headers?: Record<string, string>;
  concurrency: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Closed-loop HTTP load from a worker thread (bench/load-worker.mjs), so the
 * clients do not share the event loop of the server under test.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: spec });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
  });
}

export function formatRow(name: string, r: LoadResult): string {
  return `| ${name} | ${r.requests} | ${r.errors} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(2)} |`;
}
