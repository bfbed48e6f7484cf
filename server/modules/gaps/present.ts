import { z } from 'zod';
import { isoDate } from '../../lib/http.ts';
import { gapLocales, gapStatuses, type GapSuggestionRow } from './schema.ts';

export const gapView = z.object({
  id: z.string(),
  locale: z.enum(gapLocales),
  status: z.enum(gapStatuses),
  question: z.string(),
  similar: z.array(z.string()),
  examples: z.array(z.object({ question: z.string(), conversationId: z.string(), askedAt: z.string() })),
  draftAnswer: z.string().nullable(),
  count: z.number().int().describe('Distinct conversations that asked it in the mining window'),
  signals: z.record(z.string(), z.number().int()).describe('not_understood, low_confidence, clarify_failed, handoff, not_helpful'),
  lastAskedAt: z.string(),
  faqId: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export function presentGap(row: GapSuggestionRow): z.infer<typeof gapView> {
  return {
    id: row.id,
    locale: row.locale,
    status: row.status,
    question: row.question,
    similar: row.similar,
    examples: row.examples,
    draftAnswer: row.draftAnswer,
    count: row.count,
    signals: row.signals,
    lastAskedAt: row.lastAskedAt.toISOString(),
    faqId: row.faqId,
    decidedBy: row.decidedBy,
    decidedAt: isoDate(row.decidedAt),
  };
}
