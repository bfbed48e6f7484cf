import { isIP } from 'node:net';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { JobDefinition } from '../../jobs/queue.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { systemActor } from '../../lib/principal.ts';
import type { BotAction } from './dialogue-state.ts';
import type { FlowActionRequest } from './flow-engine.ts';
import type { WebhookDeliveryRow, WebhookDeliveryStatus } from './schema.ts';
import { maskForSurface } from '../pii/index.ts';
import { isPrivateAddress, judgeAnswer, PermanentWebhookError, postWebhook, signWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-post.ts';
import { claimDelivery, findDelivery, insertDeliveries, recordAttempt, selectDeliveries, selectStalledDeliveries } from './webhook-repo.ts';
import { ensureWebhookSecret } from './webhook-secret.ts';

/**
 * The `webhook` action of slot-filling flows: when a customer confirms a
 * flow, its slots are POSTed, signed, to the business's system. Each
 * delivery is a row (one per message and webhook, so a message handled twice
 * sends once) moved by a durable job with retries; support staff list them.
 */

export const FLOW_WEBHOOK_JOB = 'bot.flow-webhook';
/** Attempts before a delivery is `failed`: the first and five retries, about 15 s to 8 min apart. */
export const MAX_WEBHOOK_ATTEMPTS = 6;

type WebhookAction = Extract<FlowActionRequest, { type: 'webhook' }>;

export interface FlowWebhooksInput {
  workspaceId: string;
  conversationId: string;
  /** The customer message whose turn completed the flow: the key that keeps a redone turn from sending twice. */
  messageId: string;
  /** The number of the request a `create_request` action of the same flow made, if any. */
  requestNumber?: string | null;
  /** The turn's actions; only `webhook` ones are used, numbered in their order. */
  actions: readonly (BotAction | FlowActionRequest)[];
}

/**
 * Store one delivery per `webhook` action of a completed flow and queue its
 * job. Idempotent per message: a second call for the same message stores and
 * queues nothing. Returns the deliveries this call created.
 *
 * @example await enqueueFlowWebhooks(ctx, { workspaceId, conversationId, messageId: message.id, requestNumber, actions: decision.actions })
 */
export async function enqueueFlowWebhooks(ctx: AppContext, input: FlowWebhooksInput): Promise<WebhookDeliveryRow[]> {
  const webhooks = input.actions.filter((a): a is WebhookAction => a.type === 'webhook');
  const created = await insertDeliveries(
    ctx.db,
    webhooks.map((action, actionIndex) => ({
      workspaceId: input.workspaceId,
      id: newId('delivery'),
      conversationId: input.conversationId,
      messageId: input.messageId,
      actionIndex,
      flow: action.payload.flow,
      locale: action.payload.locale,
      url: action.url,
      slots: action.payload.slots,
      requestNumber: input.requestNumber ?? null,
    })),
  );
  for (const row of created) {
    // A delivery whose job could not be queued is picked up by the sweep job two minutes later.
    await ctx.jobs
      .send(FLOW_WEBHOOK_JOB, { workspaceId: row.workspaceId, deliveryId: row.id }, { dedupeKey: row.id })
      .catch((err: unknown) => ctx.log.warn({ err, deliveryId: row.id }, 'flow webhook not queued; the sweep will retry'));
  }
  return created;
}

/** The JSON a receiver gets; `sent_at` is the time of this attempt. */
export function webhookBody(row: WebhookDeliveryRow, sentAt: Date): string {
  return JSON.stringify({
    event: 'flow.completed',
    flow: row.flow,
    locale: row.locale,
    slots: row.slots,
    request_number: row.requestNumber,
    conversation_id: row.conversationId,
    message_id: row.messageId,
    workspace_id: row.workspaceId,
    delivery_id: row.id,
    sent_at: sentAt.toISOString(),
  });
}

const jobData = z.object({ workspaceId: z.string().min(1), deliveryId: z.string().min(1) });

type AttemptResult = { delivered: true; status: number } | { delivered: false; status: number | null; error: string; permanent: boolean };

/** One signed POST of the delivery, signed with the workspace's current secret. */
async function attempt(ctx: AppContext, row: WebhookDeliveryRow): Promise<AttemptResult> {
  const { secret } = await ctx.db.transaction((tx) => ensureWebhookSecret(tx, systemActor(row.workspaceId)));
  const now = new Date();
  // Slot values are masked unless the workspace's webhooks policy says clear (docs/masking.md).
  const body = webhookBody(await maskForSurface(ctx.db, row.workspaceId, 'webhooks', row), now);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers = {
    'user-agent': 'Kefu-Webhooks',
    'x-kefu-event': 'flow.completed',
    'x-kefu-delivery': row.id,
    'x-kefu-timestamp': timestamp,
    'x-kefu-signature': signWebhook(secret, timestamp, body),
  };
  try {
    const answer = await postWebhook(row.url, body, headers, ctx.env.KEFU_WEBHOOK_ALLOW_PRIVATE);
    const verdict = judgeAnswer(answer);
    return verdict.delivered ? { delivered: true, status: answer.status } : { ...verdict, status: answer.status };
  } catch (err) {
    return { delivered: false, status: null, error: (err as Error).message, permanent: err instanceof PermanentWebhookError };
  }
}

/** Longer than one attempt can take, so a second job for the delivery waits rather than sends too. */
const HOLD_SECONDS = WEBHOOK_TIMEOUT_MS / 1000 + 25;

/**
 * Run one attempt of a delivery and record it: `delivered` on a 2xx;
 * `failed` on a permanent refusal or after {@link MAX_WEBHOOK_ATTEMPTS};
 * otherwise it stays `pending` and this throws, so the job retries with
 * backoff. A delivery that is no longer pending is left alone.
 */
export async function deliverFlowWebhook(ctx: AppContext, data: unknown): Promise<void> {
  const { workspaceId, deliveryId } = jobData.parse(data);
  const row = await claimDelivery(ctx.db, workspaceId, deliveryId, HOLD_SECONDS);
  if (!row) {
    const current = await findDelivery(ctx.db, workspaceId, deliveryId);
    if (current?.status === 'pending') throw new Error(`flow webhook ${deliveryId} is being attempted by another job`);
    return;
  }
  const result = await attempt(ctx, row);
  if (result.delivered) {
    await recordAttempt(ctx.db, workspaceId, row.id, { status: 'delivered', lastError: null, responseStatus: result.status });
    return;
  }
  const final = result.permanent || row.attempts >= MAX_WEBHOOK_ATTEMPTS;
  const error = result.error.slice(0, 500);
  await recordAttempt(ctx.db, workspaceId, row.id, { status: final ? 'failed' : 'pending', lastError: error, responseStatus: result.status });
  const facts = { deliveryId: row.id, workspaceId, flow: row.flow, attempts: row.attempts, error };
  if (final) {
    ctx.log.warn(facts, 'flow webhook failed for good');
    return;
  }
  ctx.log.info(facts, 'flow webhook attempt failed; will retry');
  throw new Error(`flow webhook ${row.id} attempt ${row.attempts} failed: ${error}`);
}

/** The durable delivery job: pg-boss retries it with exponential backoff; the row counts the attempts. */
export const flowWebhookJob: JobDefinition = {
  name: FLOW_WEBHOOK_JOB,
  retry: { limit: MAX_WEBHOOK_ATTEMPTS - 1, delaySeconds: 15, backoff: true },
  run: deliverFlowWebhook,
};

/** Safety net: re-queues pending deliveries no job is moving (never queued, or retries lost). */
export const flowWebhookSweepJob: JobDefinition = {
  name: 'bot.flow-webhooks.sweep',
  cron: '* * * * *',
  async run(ctx) {
    const stalled = await selectStalledDeliveries(ctx.db, 500);
    for (const row of stalled) await ctx.jobs.send(FLOW_WEBHOOK_JOB, { workspaceId: row.workspaceId, deliveryId: row.id }, { dedupeKey: row.id });
    if (stalled.length) ctx.log.warn({ count: stalled.length }, 're-queued flow webhooks that no job was moving');
  },
};

/** Deliveries of the workspace, newest first, optionally of one conversation or status. */
export async function listWebhookDeliveries(
  db: DbOrTx,
  workspaceId: string,
  query: { limit: number; cursor?: string; conversationId?: string; status?: WebhookDeliveryStatus },
): Promise<{ items: WebhookDeliveryRow[]; nextCursor: string | null }> {
  const rows = await selectDeliveries(db, workspaceId, { ...query, before: decodeCursor(query.cursor), limit: query.limit + 1 });
  return toPage(rows, query.limit);
}

/**
 * Why a flow's webhook URL cannot be saved, or null when it can: it must be
 * http(s), and without KEFU_WEBHOOK_ALLOW_PRIVATE not a private IP address or
 * `localhost` (names that resolve to one are refused when sending).
 */
export function webhookUrlProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'webhook URLs must use http or https';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))
    return `${host} is a loopback, private or link-local address; webhooks go to public addresses only (KEFU_WEBHOOK_ALLOW_PRIVATE=1 allows it)`;
  return null;
}
