import { adapterFor, type ChannelCapabilities } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import { newId } from '../lib/ids.ts';
import { KeyedQueue } from '../lib/keyed-queue.ts';
import {
  brainFor,
  commitTurn,
  createBotRequest,
  decideTurn,
  enqueueFlowWebhooks,
  defaultPolicyConfig,
  SessionCache,
  registerRetrainListeners,
  renderDone,
  restoreDialogueState,
  resumeAfterHuman,
  type AfterTurn,
  type BotAction,
  type Brain,
  type DialogueState,
} from '../modules/bot/index.ts';
import { announceMessage, type ConversationRow, type MessageRow } from '../modules/conversations/index.ts';
import { getInbox, selectBotWorkspaceIds } from '../modules/inboxes/index.ts';
import { detectLang } from '../nlu/text.ts';
import type { NluMessage } from '../nlu/types.ts';
import { DELIVER_JOB } from './deliver-message.ts';

type Locale = 'zh-CN' | 'en';

/** What the bot keeps per conversation: the dialogue state and the language it speaks there. */
interface SessionState {
  locale?: Locale;
  dialogue?: DialogueState;
}

interface InboxFacts {
  botEnabled: boolean;
  capabilities: ChannelCapabilities;
}

/** Inbox settings change rarely; a few seconds of staleness spares a query per message. */
const INBOX_TTL_MS = 5_000;
/** Below this a channel gets the short answer variant even when it does not ask for it. */
const SHORT_ANSWER_BELOW = 1_000;

/** SMS and WeChat ask for short answers; so does any channel that takes only short texts. */
export function wantsShortAnswers(capabilities: ChannelCapabilities): boolean {
  return capabilities.shortAnswers === true || capabilities.maxTextLength < SHORT_ANSWER_BELOW;
}

/** Per inbox, the facts or the read under way: a burst of turns after the entry expired reads the inbox once. */
const inboxCache = new WeakMap<AppContext, Map<string, { facts: Promise<InboxFacts>; expires: number }>>();
const sessionCaches = new WeakMap<AppContext, SessionCache>();

function sessions(ctx: AppContext): SessionCache {
  let cache = sessionCaches.get(ctx);
  if (!cache) sessionCaches.set(ctx, (cache = new SessionCache()));
  return cache;
}

function inboxFacts(ctx: AppContext, workspaceId: string, inboxId: string): Promise<InboxFacts> {
  let cache = inboxCache.get(ctx);
  if (!cache) inboxCache.set(ctx, (cache = new Map()));
  const hit = cache.get(inboxId);
  if (hit && hit.expires > Date.now()) return hit.facts;
  const facts = getInbox(ctx.db, workspaceId, inboxId).then((inbox) => ({
    botEnabled: inbox.botEnabled && inbox.enabled,
    capabilities: adapterFor(inbox.channel).capabilities,
  }));
  const entry = { facts, expires: Date.now() + INBOX_TTL_MS };
  cache.set(inboxId, entry);
  // A failed read is not kept: the next turn reads again.
  facts.catch(() => cache.get(inboxId) === entry && cache.delete(inboxId));
  return facts;
}

/**
 * The bot answers customer messages in conversations that are the bot's
 * (status `bot`), one turn at a time per conversation, and retrains when
 * its content changes.
 */
export function registerBotListeners(ctx: AppContext): void {
  registerRetrainListeners(ctx);
  const queue = new KeyedQueue();
  ctx.bus.on('message.created', ({ payload }) => {
    const { conversation, message } = payload;
    if (message.type !== 'incoming' || conversation.status !== 'bot') return;
    return queue.run(conversation.id, () => answerCustomer(ctx, conversation, message));
  });
  ctx.bus.on('conversation.updated', ({ payload }) => {
    const { conversation, changes } = payload;
    if (!changes.includes('status') || conversation.status !== 'bot') return;
    return queue.run(conversation.id, () => resumeConversation(ctx, conversation));
  });
  // An erased contact's dialogue memory is deleted from the database; drop this node's cached copy too.
  ctx.bus.on('conversations.erased', ({ payload }) => {
    for (const id of payload.conversationIds) sessions(ctx).forget(id);
  });
}

/**
 * Train, in the background, the bots of every workspace that has one
 * answering, so the first customer after a start does not wait for it.
 */
export async function warmBots(ctx: AppContext): Promise<void> {
  for (const workspaceId of await selectBotWorkspaceIds(ctx.db)) {
    await brainFor(ctx, workspaceId).catch((err: unknown) => ctx.log.error({ err, workspaceId }, 'bot training failed'));
  }
}

/**
 * A person handed the conversation (back) to the bot: it forgets pending
 * questions and flows from before the handoff and says it is back.
 */
export async function resumeConversation(ctx: AppContext, conversation: ConversationRow): Promise<void> {
  const { workspaceId } = conversation;
  const inbox = await inboxFacts(ctx, workspaceId, conversation.inboxId);
  if (!inbox.botEnabled) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    const session = await sessions(ctx).load(ctx.db, workspaceId, conversation.id, attempt > 0);
    const stored = (session?.state ?? {}) as SessionState;
    const locale = stored.locale ?? 'zh-CN';
    const resumed = resumeAfterHuman(restoreDialogueState(stored.dialogue), locale);
    const state = { locale, dialogue: resumed.state } satisfies SessionState;
    const result = await commitTurn(ctx.db, {
      workspaceId,
      conversationId: conversation.id,
      state,
      expectedVersion: session?.version ?? 0,
      replies: [{ id: newId('message'), content: resumed.reply, contentAttributes: {} }],
      status: inbox.capabilities.realtime ? 'sent' : 'pending',
    });
    if (result.outcome === 'stale') continue;
    sessions(ctx).remember(conversation.id, { state, version: result.version });
    if (result.conversation) await announceReplies(ctx, result.conversation, result.messages, inbox);
    return;
  }
}

async function announceReplies(ctx: AppContext, conversation: ConversationRow, replies: MessageRow[], inbox: InboxFacts): Promise<void> {
  for (const reply of replies) {
    announceMessage(ctx, { conversation, message: reply });
    if (!inbox.capabilities.realtime) {
      await ctx.jobs.send(DELIVER_JOB, { workspaceId: conversation.workspaceId, messageId: reply.id }, { dedupeKey: reply.id });
    }
  }
}

/**
 * One bot turn: understand the message, decide (answer, clarify, run a flow,
 * soothe, hand off), then write the new dialogue state and the replies in one
 * statement — which fails if another node moved the state meanwhile (the
 * turn is then redone from the new state) and says nothing if a person took
 * the conversation over. Handoff and priority follow after the commit.
 */
export async function answerCustomer(ctx: AppContext, conversation: ConversationRow, message: MessageRow): Promise<void> {
  const { workspaceId } = conversation;
  const inbox = await inboxFacts(ctx, workspaceId, conversation.inboxId);
  if (!inbox.botEnabled || !message.content.trim()) return;
  const brain = await brainFor(ctx, workspaceId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const session = await sessions(ctx).load(ctx.db, workspaceId, conversation.id, attempt > 0);
    const stored = (session?.state ?? {}) as SessionState;
    const nlu = brain.understand(message.content);
    const locale = replyLocale(nlu, stored.locale);
    const lang = locale === 'en' ? 'en' : 'zh';
    const decision = decideTurn({
      state: restoreDialogueState(stored.dialogue),
      message: nlu,
      attachments: message.attachments.length,
      locale,
      config: defaultPolicyConfig,
      knowledge: brain.knowledge(locale, { short: wantsShortAnswers(inbox.capabilities) }),
      understand: (text) => brain.understand(text, lang),
      now: Date.now(),
    });
    const replies = [...decision.replies, ...(await completeRequests(ctx, brain, conversation, message, decision.actions, locale))];
    const state = { locale, dialogue: decision.state } satisfies SessionState;
    const raise = decision.actions.findLast((a) => a.type === 'raise_priority');
    const handoff = decision.actions.find((a) => a.type === 'handoff');
    const result = await commitTurn(ctx.db, {
      workspaceId,
      conversationId: conversation.id,
      state,
      expectedVersion: session?.version ?? 0,
      replies: replies.map((content, i) => ({
        id: newId('message'),
        content,
        // A knowledge gap rides on the turn's first reply: gap mining finds it there, at no extra write.
        contentAttributes: { bot: understanding(nlu), ...(i === 0 && decision.gap ? { gap: { ...decision.gap, locale } } : {}) },
      })),
      status: inbox.capabilities.realtime ? 'sent' : 'pending',
      // Handoff and priority are written with the replies, in the same statement.
      ...(raise || handoff ? { after: { note: handoff ? handoff.summary.text[locale] : null, priority: raise ? raise.to : null } } : {}),
    });
    if (result.outcome === 'stale') continue;
    sessions(ctx).remember(conversation.id, { state, version: result.version });
    if (!result.conversation) return; // A person took it over a moment ago: the bot stays silent.
    await announceReplies(ctx, result.conversation, result.messages, inbox);
    if (result.after) announceAfterTurn(ctx, result.conversation, result.after, handoff?.reason);
    return;
  }
  ctx.log.warn({ conversationId: conversation.id }, 'bot turn kept losing to concurrent turns; skipped');
}

/**
 * The language to answer in: the customer's, judged on what they wrote
 * around the entities — "DS2026112000123" or "2" alone keeps the language
 * of the conversation.
 */
function replyLocale(nlu: NluMessage, previous: Locale | undefined): Locale {
  let rest = nlu.text;
  for (const entity of [...nlu.entities].sort((a, b) => b.start - a.start)) rest = rest.slice(0, entity.start) + ' ' + rest.slice(entity.end);
  if (!/\p{L}{2,}/u.test(rest) && previous) return previous;
  return detectLang(rest, previous === 'en' ? 'en' : 'zh') === 'en' ? 'en' : 'zh-CN';
}

/** What the bot understood, kept on its reply for agents and for tuning. */
function understanding(nlu: NluMessage) {
  return {
    lang: nlu.lang,
    intent: nlu.intent && { name: nlu.intent.name, confidence: Number(nlu.intent.confidence.toFixed(3)) },
    faq: nlu.faq?.[0] && { faqId: nlu.faq[0].faqId, score: Number(nlu.faq[0].score.toFixed(3)) },
    sentiment: nlu.sentiment?.label,
    graph: nlu.graph && { kind: nlu.graph.kind, path: nlu.graph.path },
  };
}

/**
 * Flows the customer just confirmed: record the request (`create_request`)
 * and say its number, and queue their webhooks, signed, with that number.
 * Both are idempotent per message, so a turn redone after a lost race
 * records and sends nothing twice.
 */
async function completeRequests(
  ctx: AppContext,
  brain: Brain,
  conversation: ConversationRow,
  message: MessageRow,
  actions: BotAction[],
  locale: Locale,
): Promise<string[]> {
  const lines: string[] = [];
  let requestNumber: string | null = null;
  for (const action of actions) {
    if (action.type !== 'create_request') continue;
    const request = await createBotRequest(ctx, {
      workspaceId: conversation.workspaceId,
      kind: action.kind,
      conversationId: conversation.id,
      contactId: conversation.contactId,
      messageId: message.id,
      slots: { ...action.slots, ...(message.attachments.length ? { attachments: message.attachments } : {}) },
    });
    requestNumber ??= request.number;
    const flow = brain.flowNamed(action.flow);
    if (flow) lines.push(renderDone(flow, action.slots, { request_number: request.number }, locale));
  }
  if (actions.some((a) => a.type === 'webhook'))
    await enqueueFlowWebhooks(ctx, {
      workspaceId: conversation.workspaceId,
      conversationId: conversation.id,
      messageId: message.id,
      requestNumber,
      actions,
    });
  return lines;
}

/** What a turn's handoff or priority raise wrote: the note and the timeline line, the change, the handoff. */
function announceAfterTurn(ctx: AppContext, conversation: ConversationRow, after: AfterTurn, handoffReason: string | undefined): void {
  const { workspaceId } = conversation;
  if (after.note) announceMessage(ctx, { conversation, message: after.note });
  if (after.activity) announceMessage(ctx, { conversation, message: after.activity });
  if (after.changes.length) ctx.bus.emit('conversation.updated', { workspaceId, conversation, changes: after.changes });
  if (handoffReason !== undefined) ctx.bus.emit('bot.handed_off', { workspaceId, conversationId: conversation.id, reason: handoffReason });
}
