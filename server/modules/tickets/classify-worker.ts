/**
 * Worker-thread entry: trains a workspace's ticket classifier off the main
 * thread (seconds for a thousand tickets), answering with its plain data.
 */
import { parentPort } from 'node:worker_threads';
import { trainTicketClassifier, type TicketExample } from '../../nlu/ticket-classifier.ts';

parentPort?.on('message', ({ id, examples, dictionary }: { id: number; examples: TicketExample[]; dictionary: { word: string }[] }) => {
  try {
    parentPort?.postMessage({ id, ok: true, data: trainTicketClassifier(examples, { dictionary }).serialize() });
  } catch (err) {
    parentPort?.postMessage({ id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
