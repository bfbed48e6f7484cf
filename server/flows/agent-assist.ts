import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, actorOf, type KefuApp } from '../lib/http.ts';
import { idSchema } from '../lib/ids.ts';
import { brainFor, passageReply, type Brain } from '../modules/bot/index.ts';
import {
  conversationsPolicy,
  getConversation,
  selectLatestCustomerText,
  selectResolvedPairs,
  type ResolvedPair,
} from '../modules/conversations/index.ts';
import { createTextAnalyzer, detectLang, type TextAnalyzer } from '../nlu/text.ts';
import { buildSimilarIndex, indexPair, type IndexedPair, type SimilarIndex, type TermPool } from './assist-index.ts';

/**
 * Agent assist: for what the customer just wrote, the workspace bot's best
 * knowledge-base answers and the agents' replies in similar resolved
 * conversations. The similar-conversation index lives in memory per
 * workspace (built on first use from the database, then kept current by
 * `conversation.updated` → resolved, on every node through the realtime hub)
 * and is dropped after an idle half hour. See docs/agent-assist.md.
 */

/** Pairs kept per workspace: the newest resolved conversations' exchanges. */
export const ASSIST_MAX_PAIRS = 20_000;
/** Conversations resolved within this time are read and added together. */
const REFRESH_DEBOUNCE_MS = 2_000;
const IDLE_MS = 30 * 60_000;
const TOPIC = 'assist.resolved';
const FORGET_TOPIC = 'assist.forget';
const K = 3;
/** The bot offers "did you mean" options from this score; an agent can judge weaker ones than a customer. */
const MIN_FAQ_SCORE = 0.25;
/** Article passages shown besides the FAQ answers, and how much of the question they must cover. */
const PASSAGES = 2;
const MIN_PASSAGE_SCORE = 0.3;
const MIN_SIMILAR_SCORE = 0.3;

interface Slot {
  /** The index searches use; swapped when a refresh rebuilds it. */
  index?: SimilarIndex;
  /** The first build. */
  loading: Promise<SimilarIndex>;
  /** Refreshes run one after another. */
  work: Promise<void>;
  pool: TermPool;
  pending: Set<string>;
  timer?: NodeJS.Timeout;
  lastUsed: number;
}

interface AssistState {
  slots: Map<string, Slot>;
  analyzer: TextAnalyzer;
  registered: boolean;
}

const states = new WeakMap<AppContext, AssistState>();
/** Pairs analysed per turn of the event loop, so a first build of 20,000 pairs never holds it for long. */
const ANALYSE_CHUNK = 250;

function stateOf(ctx: AppContext): AssistState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { slots: new Map(), analyzer: createTextAnalyzer(), registered: false }));
  return state;
}

async function analyse(ctx: AppContext, pairs: ResolvedPair[], pool: TermPool): Promise<IndexedPair[]> {
  const { analyzer } = stateOf(ctx);
  const out: IndexedPair[] = [];
  for (let i = 0; i < pairs.length; i += ANALYSE_CHUNK) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const pair of pairs.slice(i, i + ANALYSE_CHUNK)) out.push(indexPair(analyzer, pool, pair));
  }
  return out;
}

async function loadIndex(ctx: AppContext, workspaceId: string, pool: TermPool): Promise<SimilarIndex> {
  const started = performance.now();
  const pairs = await selectResolvedPairs(ctx.db, workspaceId, { limit: ASSIST_MAX_PAIRS });
  const index = buildSimilarIndex(await analyse(ctx, pairs, pool));
  ctx.log.info({ workspaceId, pairs: pairs.length, ms: Math.round(performance.now() - started) }, 'agent assist index built');
  return index;
}

/** The workspace's similar-conversation index, built on first use; idle ones of other workspaces are dropped. */
async function similarIndexFor(ctx: AppContext, workspaceId: string): Promise<SimilarIndex> {
  const { slots } = stateOf(ctx);
  const now = Date.now();
  for (const [id, slot] of slots) if (now - slot.lastUsed > IDLE_MS && !slot.timer) slots.delete(id);
  let slot = slots.get(workspaceId);
  if (!slot) {
    const pool: TermPool = new Map();
    const loading = loadIndex(ctx, workspaceId, pool);
    const created: Slot = {
      loading,
      work: loading.then(
        () => undefined,
        () => undefined,
      ),
      pool,
      pending: new Set(),
      lastUsed: now,
    };
    slots.set(workspaceId, (slot = created));
    // A failed build is retried on the next request rather than cached.
    loading.then((index) => void (created.index ??= index)).catch(() => slots.get(workspaceId) === created && slots.delete(workspaceId));
  }
  slot.lastUsed = now;
  return slot.index ?? slot.loading;
}

/** Add the pending conversations' pairs (read again: a conversation resolved twice is replaced); rebuild when the delta has grown. */
function refresh(ctx: AppContext, workspaceId: string, slot: Slot): void {
  clearTimeout(slot.timer);
  slot.timer = undefined;
  const ids = [...slot.pending];
  slot.pending.clear();
  if (ids.length === 0) return;
  slot.work = slot.work.then(async () => {
    try {
      const index = slot.index ?? (await slot.loading);
      const pairs = await selectResolvedPairs(ctx.db, workspaceId, { limit: ASSIST_MAX_PAIRS, conversationIds: ids });
      index.add(await analyse(ctx, pairs, slot.pool), ASSIST_MAX_PAIRS);
      slot.index = index.needsCompaction() ? buildSimilarIndex(index.livePairs()) : index;
    } catch (err) {
      ctx.log.error({ err, workspaceId }, 'agent assist refresh failed; the index stays as it was');
    }
  });
}

function queueResolved(ctx: AppContext, workspaceId: string, conversationId: string): void {
  const slot = stateOf(ctx).slots.get(workspaceId);
  if (!slot) return; // Not used on this node: its first use reads everything from the database.
  slot.pending.add(conversationId);
  if (slot.timer) return;
  slot.timer = setTimeout(() => refresh(ctx, workspaceId, slot), REFRESH_DEBOUNCE_MS);
  slot.timer.unref();
}

/**
 * Keep every node's index current: a conversation resolved here is
 * announced on the realtime hub, and each node that holds that workspace's
 * index adds its pairs (debounced). Registering twice is harmless.
 */
export function registerAgentAssistListeners(ctx: AppContext): void {
  const state = stateOf(ctx);
  if (state.registered) return;
  state.registered = true;
  ctx.bus.on('conversation.updated', ({ payload }) => {
    const { conversation, changes } = payload;
    if (!changes.includes('status') || conversation.status !== 'resolved') return;
    ctx.realtime.publish(TOPIC, { type: TOPIC, workspaceId: conversation.workspaceId, conversationId: conversation.id });
  });
  // An erased contact's conversations must leave every node's index: drop the workspace's, the next use rebuilds it.
  ctx.bus.on('conversations.erased', ({ payload }) => ctx.realtime.publish(FORGET_TOPIC, { type: FORGET_TOPIC, workspaceId: payload.workspaceId }));
  ctx.realtime.subscribe(FORGET_TOPIC, (event) => {
    const slot = typeof event.workspaceId === 'string' ? state.slots.get(event.workspaceId) : undefined;
    if (!slot) return;
    clearTimeout(slot.timer);
    state.slots.delete(event.workspaceId as string);
  });
  ctx.realtime.subscribe(TOPIC, (event) => {
    if (typeof event.workspaceId === 'string' && typeof event.conversationId === 'string')
      queueResolved(ctx, event.workspaceId, event.conversationId);
  });
}

/** Apply queued refreshes now and wait for them (tests, shutdown). */
export async function settleAgentAssist(ctx: AppContext): Promise<void> {
  const { slots } = stateOf(ctx);
  for (const [workspaceId, slot] of slots) refresh(ctx, workspaceId, slot);
  await Promise.allSettled([...slots.values()].map((slot) => slot.work));
}

export const suggestionsView = z.object({
  lang: z.enum(['zh', 'en']),
  text: z.string().describe('What was matched: `text`, or the customer’s latest message'),
  knowledge: z.array(
    z.object({
      kind: z
        .enum(['faq', 'passage', 'graph'])
        .describe(
          '`faq`: a FAQ item (`id` is its key); `passage`: a section of a published article; `graph`: the knowledge graph’s answer (`question` the path, `score` 1)',
        ),
      id: z.string(),
      question: z.string().describe('The FAQ question, or the article title and section headings'),
      answer: z.string().describe('A passage comes quoted with the link to its section, as the bot would send it'),
      url: z.string().optional().describe('Passages: the section on the help center'),
      score: z.number(),
    }),
  ),
  similar: z.array(
    z.object({ conversationId: z.string(), customerText: z.string(), agentReply: z.string(), score: z.number(), resolvedAt: z.string() }),
  ),
});
export type Suggestions = z.infer<typeof suggestionsView>;

const round = (score: number) => Math.round(score * 1000) / 1000;

/**
 * Suggestions for an agent answering a conversation: the top 3 knowledge
 * answers from the workspace's trained bot (in the language the customer
 * writes in; `id` is the FAQ item's key, shared by its translations) and up
 * to 3 similar resolved conversations (this one excluded) with the agent's
 * reply. `text` defaults to the customer's latest message; with none, both
 * lists are empty. Another workspace's conversation is `not_found`.
 */
export async function suggestReplies(ctx: AppContext, workspaceId: string, conversationId: string, text?: string): Promise<Suggestions> {
  const conversation = await getConversation(ctx.db, workspaceId, conversationId);
  const query = text?.trim() || (await selectLatestCustomerText(ctx.db, workspaceId, conversation.id)) || '';
  const lang = detectLang(query);
  if (!query) return { lang, text: '', knowledge: [], similar: [] };
  const [brain, index] = await Promise.all([brainFor(ctx, workspaceId), similarIndexFor(ctx, workspaceId)]);
  const understood = brain.understand(query, lang);
  const answers = brain.knowledge(lang === 'en' ? 'en' : 'zh-CN');
  const knowledge: Suggestions['knowledge'] = (understood.faq ?? [])
    .filter((candidate) => candidate.score >= MIN_FAQ_SCORE)
    .flatMap((candidate) => {
      const found = answers.faqAnswer(candidate.faqId);
      return found
        ? [{ kind: 'faq' as const, id: candidate.faqId, question: found.question, answer: found.answer, score: round(candidate.score) }]
        : [];
    })
    .slice(0, understood.graph ? K - 1 : K);
  knowledge.push(...passageSuggestions(brain, understood, lang));
  const graph = understood.graph;
  if (graph) {
    const reply = graph.reply[lang === 'en' ? 'en' : 'zh-CN'];
    knowledge.push({ kind: 'graph', id: graph.answers[0] ?? graph.kind, question: reply.split(' → ')[0] ?? reply, answer: reply, score: 1 });
  }
  const analysed = stateOf(ctx).analyzer.analyze(query, lang);
  const similar = index
    .search(analysed, K, { exclude: conversation.id, minScore: MIN_SIMILAR_SCORE })
    .map((hit) => ({ ...hit, score: round(hit.score), resolvedAt: hit.resolvedAt.toISOString() }));
  return { lang, text: query, knowledge, similar };
}

/** The article passages that cover enough of the question, quoted with their link as the bot would send them. */
function passageSuggestions(brain: Brain, understood: ReturnType<Brain['understand']>, lang: 'zh' | 'en'): Suggestions['knowledge'] {
  const locale = lang === 'en' ? 'en' : 'zh-CN';
  const answers = brain.knowledge(locale);
  return (understood.passages ?? [])
    .filter((candidate) => candidate.score >= MIN_PASSAGE_SCORE)
    .slice(0, PASSAGES)
    .flatMap((candidate) => {
      const found = answers.passage?.(candidate.passageId);
      if (!found) return [];
      const question = [found.title, ...found.headings].join(' › ');
      return [
        {
          kind: 'passage' as const,
          id: candidate.passageId,
          question,
          answer: passageReply(found, locale),
          url: found.url,
          score: round(candidate.score),
        },
      ];
    });
}

/** GET /api/v1/conversations/:id/suggestions (a flow route: it reads the bot and the conversations). */
export function registerAgentAssistRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/conversations/:id/suggestions', {
    config: { access: conversationsPolicy.read },
    schema: {
      tags: ['conversations'],
      summary: 'Agent assist: knowledge answers and similar resolved conversations for the customer’s latest message (or `text`)',
      params: z.object({ id: idSchema('conversation') }).strict(),
      querystring: z.object({ text: z.string().max(2_000).optional().describe('Match this instead of the latest customer message') }).strict(),
      response: { 200: suggestionsView, ...errorResponses },
    },
    handler: async (req) => suggestReplies(ctx, actorOf(req).principal.workspaceId, req.params.id, req.query.text),
  });
}
