import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { brainFor, defaultPolicyConfig, type Brain } from '../bot/index.ts';
import { isSubstantiveReply } from './draft.ts';
import { defaultMiningOptions, mineSuggestions, type GapQuestion } from './mine.ts';
import {
  deleteSuggestions,
  insertSuggestions,
  lockGapMining,
  selectGapSignals,
  selectSuggestions,
  updateSuggestion,
  type GapSignalRow,
} from './repo.ts';
import { gapLocales, type GapLocale } from './schema.ts';
import { textFeatures } from './vectors.ts';

/** Gap signals read per run: the newest this many in the window. */
const MAX_SIGNALS = 5_000;
const MAX_KNOWN = 5_000;
const DAY_MS = 86_400_000;

export const mineOptions = z
  .object({
    days: z.number().int().min(1).max(365).default(30).describe('Look at gap questions of the last N days'),
    minCount: z.number().int().min(1).max(1000).default(defaultMiningOptions.minCount).describe('Leave out questions asked in fewer conversations'),
  })
  .strict();
export type MineOptions = z.infer<typeof mineOptions>;

export interface MiningResult {
  /** Gap questions looked at (after dropping those the knowledge base now answers). */
  questions: number;
  created: number;
  updated: number;
  /** Open suggestions no longer asked, or now answered by the knowledge base. */
  removed: number;
}

/**
 * Whether today's bot would answer the question confidently (someone added
 * an answer since): a FAQ item that sure, or a sure intent the bot has a
 * move for (FAQ items also train the classifier, as labels without one).
 */
function answeredNow(brain: Brain, q: GapQuestion): boolean {
  const nlu = brain.understand(q.question);
  if ((nlu.faq?.[0]?.score ?? 0) >= defaultPolicyConfig.lowAnswerThreshold) return true;
  const intent = nlu.intent && !nlu.intent.oos ? nlu.intent : undefined;
  return !!intent && intent.confidence >= defaultPolicyConfig.strongThreshold && !!brain.knowledge(q.locale).intent(intent.name);
}

/** `answeredNow`, once per wording: the same one comes back often (a rephrase, then a handoff on it). */
function answeredBy(brain: Brain): (q: GapQuestion) => boolean {
  const seen = new Map<string, boolean>();
  return (q) => {
    const key = `${q.locale} ${q.question}`;
    let verdict = seen.get(key);
    if (verdict === undefined) seen.set(key, (verdict = answeredNow(brain, q)));
    return verdict;
  };
}

function toQuestion(signal: GapSignalRow): GapQuestion | null {
  const question = typeof signal.gap.question === 'string' ? signal.gap.question.trim() : '';
  const locale = gapLocales.includes(signal.gap.locale as GapLocale) ? (signal.gap.locale as GapLocale) : null;
  // Too little to be a question ("嗯", "??"): nothing to write an FAQ item about.
  if (!locale || textFeatures(question).length < 2) return null;
  return {
    question,
    locale,
    conversationId: signal.conversationId,
    askedAt: signal.createdAt,
    kinds: typeof signal.gap.kind === 'string' ? [signal.gap.kind] : [],
    reply: signal.agentReplies.find(isSubstantiveReply) ?? null,
  };
}

/**
 * Mine a workspace's knowledge gaps: the questions its bot failed on in the
 * last `days` days (and agents answered), minus those it now answers, grouped
 * into suggested FAQ items. Open suggestions are rewritten; accepted and
 * rejected ones are never suggested again. One run per workspace at a time.
 */
export async function mineGaps(ctx: AppContext, workspaceId: string, options: Partial<MineOptions> = {}): Promise<MiningResult> {
  const { days, minCount } = mineOptions.parse(options);
  const signals = await selectGapSignals(ctx.db, workspaceId, new Date(Date.now() - days * DAY_MS), MAX_SIGNALS);
  const brain = await brainFor(ctx, workspaceId);
  const answered = answeredBy(brain);
  const questions = signals.flatMap((s) => toQuestion(s) ?? []).filter((q) => !answered(q));
  const result = await ctx.db.transaction(async (tx) => {
    await lockGapMining(tx, workspaceId);
    const known = await selectSuggestions(tx, workspaceId, { limit: MAX_KNOWN });
    const mined = mineSuggestions(
      questions,
      known.map((k) => ({ id: k.id, locale: k.locale, status: k.status, texts: [k.question, ...k.similar] })),
      { ...defaultMiningOptions, minCount },
    );
    const updated = new Set<string>();
    for (const { updates, ...s } of mined) if (updates && (await updateSuggestion(tx, workspaceId, updates, s, 'open'))) updated.add(updates);
    const fresh = mined.filter((s) => !s.updates);
    await insertSuggestions(
      tx,
      fresh.map((s) => ({ ...s, workspaceId, id: newId('gapSuggestion') })),
    );
    const stale = known.filter((k) => k.status === 'open' && !updated.has(k.id)).map((k) => k.id);
    await deleteSuggestions(tx, workspaceId, stale);
    return { questions: questions.length, created: fresh.length, updated: updated.size, removed: stale.length };
  });
  ctx.log.info({ workspaceId, ...result }, 'knowledge gaps mined');
  return result;
}
