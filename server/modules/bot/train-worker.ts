/**
 * Worker-thread entry: trains intent classifiers off the main thread, so a
 * retrain never pauses answers. Receives TrainingData, answers with the
 * model's plain data (its typed arrays transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import { trainIntentClassifier } from '../../nlu/intent-classifier.ts';
import type { TrainingData } from '../../nlu/types.ts';

parentPort?.on('message', ({ id, data }: { id: number; data: TrainingData }) => {
  try {
    const exported = trainIntentClassifier(data).exportData();
    const buffers = new Set<ArrayBuffer>([exported.model.weights, exported.model.bias, exported.vectorizer.idf].map((a) => a.buffer as ArrayBuffer));
    parentPort?.postMessage({ id, ok: true, model: exported }, [...buffers]);
  } catch (err) {
    parentPort?.postMessage({ id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
