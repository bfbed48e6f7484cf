import { Worker } from 'node:worker_threads';
import { restoreIntentModel, trainIntentClassifier, type IntentModel, type IntentModelData } from '../../nlu/intent-classifier.ts';
import type { TrainingData } from '../../nlu/types.ts';

/**
 * Trains intent classifiers on a background worker thread (created on first
 * use, one job at a time), so training — seconds for a large workspace —
 * never blocks the event loop that answers customers.
 */
export interface Trainer {
  /** Train on the worker thread; rejects when the worker fails or the trainer is stopped. */
  train(data: TrainingData): Promise<IntentModel>;
  /** Shutdown: the thread ends, a job still running there is rejected, later jobs are refused. */
  stop(): Promise<void>;
}

type Reply = { id: number; ok: true; model: IntentModelData } | { id: number; ok: false; error: string };

export function createTrainer(): Trainer {
  let worker: Worker | null = null;
  let stopped = false;
  let nextId = 0;
  const pending = new Map<number, { resolve(model: IntentModel): void; reject(err: Error): void }>();

  const fail = (err: Error) => {
    worker = null;
    // A job cut short by stop() is refused as stopped, so nobody retrains it on the main thread during shutdown.
    const reason = stopped ? new Error('the bot trainer is stopped') : err;
    for (const job of pending.values()) job.reject(reason);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./train-worker.mjs', import.meta.url));
    w.unref();
    w.on('message', (reply: Reply) => {
      const job = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) job?.resolve(restoreIntentModel(reply.model));
      else job?.reject(new Error(reply.error));
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`training worker exited with code ${code}`)));
    return w;
  };

  return {
    train(data) {
      if (stopped) return Promise.reject(new Error('the bot trainer is stopped'));
      worker ??= start();
      const id = nextId++;
      const done = new Promise<IntentModel>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, data });
      return done;
    },
    async stop() {
      stopped = true;
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}

/** Background training, or inline when no worker thread can run here (the caller hears why through `onFallback`). */
export async function trainIntentModel(trainer: Trainer, data: TrainingData, onFallback: (err: Error) => void): Promise<IntentModel> {
  try {
    return await trainer.train(data);
  } catch (err) {
    if ((err as Error).message === 'the bot trainer is stopped') throw err;
    onFallback(err as Error);
    return trainIntentClassifier(data);
  }
}
