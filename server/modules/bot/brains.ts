import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { loadGraph, loadPublishedPassages, nextValidityChange, selectPublishedFaqs } from '../knowledge/index.ts';
import { buildBrain, trainingData, type BotContent, type Brain } from './brain.ts';
import { createTrainer, trainIntentModel, type Trainer } from './trainer.ts';
import { selectDictionary, selectFlows, selectIntents } from './repo.ts';

/**
 * Each workspace's trained bot, per process. Built on first use; when its
 * content changes (on this node or another: the change is announced on the
 * realtime hub) a new one is trained in the background and swapped in, while
 * the old one keeps answering — answers never pause for a retrain.
 */
interface Slot {
  current: Promise<Brain>;
  /** A retrain is queued behind the one running. */
  again: boolean;
  training: boolean;
  timer?: NodeJS.Timeout;
}

const slots = new WeakMap<AppContext, Map<string, Slot>>();
const trainers = new WeakMap<AppContext, Trainer>();
/** Per workspace, the retrain due when a FAQ item enters or leaves its validity dates. */
const validityTimers = new WeakMap<AppContext, Map<string, NodeJS.Timeout>>();

function trainerOf(ctx: AppContext): Trainer {
  let trainer = trainers.get(ctx);
  if (!trainer) trainers.set(ctx, (trainer = createTrainer()));
  return trainer;
}

/** Shutdown: end the training thread; trainings still running are dropped. */
export function stopBotTraining(ctx: AppContext): Promise<void> {
  for (const timer of validityTimers.get(ctx)?.values() ?? []) clearTimeout(timer);
  validityTimers.delete(ctx);
  // Also when no training has started yet: one starting after shutdown is refused.
  return trainerOf(ctx).stop();
}
/** Edits arriving together (an import, a bulk change) retrain once. */
const RETRAIN_DEBOUNCE_MS = 300;
export const RETRAIN_TOPIC = 'bot.retrain';

/**
 * What the bot is trained on: its intents, flows, dictionary, the FAQ items
 * answering at `now`, the passages of published articles (links absolute
 * when `publicUrl`, KEFU_PUBLIC_URL, is set) and the knowledge graph.
 */
export async function loadBotContent(db: DbOrTx, workspaceId: string, options: { now?: Date; publicUrl?: string } = {}): Promise<BotContent> {
  const [intents, flows, faqs, dictionary, passages, graph] = await Promise.all([
    selectIntents(db, workspaceId),
    selectFlows(db, workspaceId),
    selectPublishedFaqs(db, workspaceId, options.now ?? new Date()),
    selectDictionary(db, workspaceId),
    loadPublishedPassages(db, workspaceId, options.publicUrl),
    loadGraph(db, workspaceId),
  ]);
  return { intents, flows, faqs, dictionary, passages, graph };
}

async function train(ctx: AppContext, workspaceId: string): Promise<Brain> {
  const now = new Date();
  const content = await loadBotContent(ctx.db, workspaceId, { now, publicUrl: ctx.env.KEFU_PUBLIC_URL });
  const intentModel = await trainIntentModel(trainerOf(ctx), trainingData(content), (err) =>
    ctx.log.warn({ err, workspaceId }, 'bot training worker unavailable; training on the main thread'),
  );
  const brain = buildBrain(content, { intentModel });
  await retrainAtNextValidityChange(ctx, workspaceId, now);
  ctx.log.info({ workspaceId, intentTrainMs: intentModel.stats.trainMs, mainThreadMs: Math.round(brain.trainMs), ...brain.stats }, 'bot trained');
  return brain;
}

/** setTimeout's limit (~24.8 days); a later change is re-planned when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * FAQ items answer only inside their validity dates, so the bot is trained
 * again when the next item enters or leaves them (each node for itself).
 */
async function retrainAtNextValidityChange(ctx: AppContext, workspaceId: string, trainedAt: Date): Promise<void> {
  let timers = validityTimers.get(ctx);
  if (!timers) validityTimers.set(ctx, (timers = new Map()));
  clearTimeout(timers.get(workspaceId));
  timers.delete(workspaceId);
  const next = await nextValidityChange(ctx.db, workspaceId, trainedAt);
  if (!next) return;
  const timer = setTimeout(() => scheduleRetrain(ctx, workspaceId), Math.min(MAX_TIMER_MS, next.getTime() - Date.now() + 10));
  timer.unref();
  timers.set(workspaceId, timer);
}

function slotsOf(ctx: AppContext): Map<string, Slot> {
  let map = slots.get(ctx);
  if (!map) slots.set(ctx, (map = new Map()));
  return map;
}

/** The workspace's bot, training it on first use. */
export function brainFor(ctx: AppContext, workspaceId: string): Promise<Brain> {
  const map = slotsOf(ctx);
  let slot = map.get(workspaceId);
  if (!slot) {
    slot = { current: train(ctx, workspaceId), again: false, training: false };
    map.set(workspaceId, slot);
    // A failed first training is retried on the next message rather than cached.
    slot.current.catch(() => map.get(workspaceId) === slot && map.delete(workspaceId));
  }
  return slot.current;
}

/** Retrain in the background (debounced); the running bot answers until the new one is ready. */
export function scheduleRetrain(ctx: AppContext, workspaceId: string): void {
  const slot = slotsOf(ctx).get(workspaceId);
  if (!slot) return; // Never used on this node: it trains on first use, from the new content.
  if (slot.training) return void (slot.again = true);
  clearTimeout(slot.timer);
  slot.timer = setTimeout(() => void retrain(ctx, workspaceId, slot), RETRAIN_DEBOUNCE_MS);
  slot.timer.unref();
}

async function retrain(ctx: AppContext, workspaceId: string, slot: Slot): Promise<void> {
  slot.training = true;
  try {
    const brain = await train(ctx, workspaceId);
    slot.current = Promise.resolve(brain);
  } catch (err) {
    ctx.log.error({ err, workspaceId }, 'bot retrain failed; the previous model keeps answering');
  } finally {
    slot.training = false;
    if (slot.again) {
      slot.again = false;
      scheduleRetrain(ctx, workspaceId);
    }
  }
}

/** Content edits retrain the bot on every node: through the realtime hub (Redis when several nodes run). */
export function registerRetrainListeners(ctx: AppContext): void {
  ctx.bus.on('knowledge.changed', ({ payload }) => ctx.realtime.publish(RETRAIN_TOPIC, { type: 'bot.retrain', workspaceId: payload.workspaceId }));
  ctx.realtime.subscribe(RETRAIN_TOPIC, (event) => {
    if (typeof event.workspaceId === 'string') scheduleRetrain(ctx, event.workspaceId);
  });
}
