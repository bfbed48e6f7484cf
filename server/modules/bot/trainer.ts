import { Worker } from 'node:worker_threads';
import { restoreIntentModel, trainIntentClassifier, type IntentModel, type IntentModelData } from '../../nlu/intent-classifier.ts';
import type { TrainingData } from '../../nlu/types.ts';

/**
 * Trains intent classifiers on one background worker thread per process
 * (created on first use, one job at a time), so training — seconds for a
 * large workspace — never blocks the event loop that answers customers.
 * If the worker cannot run, training happens inline and says so.
 */
let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve(model: IntentModel): void; reject(err: Error): void }>();

function startWorker(): Worker {
  const w = new Worker(new URL('./train-worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (reply: { id: number; ok: true; model: IntentModelData } | { id: number; ok: false; error: string }) => {
    const job = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) job?.resolve(restoreIntentModel(reply.model));
    else job?.reject(new Error(reply.error));
  });
  const fail = (err: Error) => {
    worker = null;
    for (const job of pending.values()) job.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`training worker exited with code ${code}`)));
  return w;
}

/** Train on the worker thread; jobs queue there, one at a time. */
export function trainInBackground(data: TrainingData): Promise<IntentModel> {
  worker ??= startWorker();
  const id = nextId++;
  const done = new Promise<IntentModel>((resolve, reject) => pending.set(id, { resolve, reject }));
  worker.postMessage({ id, data });
  return done;
}

/** Background training, or inline when no worker thread can run here (the caller is told through `onFallback`). */
export async function trainIntentModel(data: TrainingData, onFallback: (err: Error) => void): Promise<IntentModel> {
  try {
    return await trainInBackground(data);
  } catch (err) {
    onFallback(err as Error);
    return trainIntentClassifier(data);
  }
}
