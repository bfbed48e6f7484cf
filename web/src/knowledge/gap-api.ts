import { api, type Items } from '../api.ts';

/** The shapes of /api/v1/knowledge/gaps (see modules/gaps/present.ts on the server). */

export type GapStatus = 'open' | 'accepted' | 'rejected';
export const gapStatuses: readonly GapStatus[] = ['open', 'accepted', 'rejected'];
export const gapSignals = ['not_understood', 'low_confidence', 'clarify_failed', 'handoff', 'not_helpful'] as const;

export interface GapSuggestion {
  id: string;
  locale: 'zh-CN' | 'en';
  status: GapStatus;
  question: string;
  similar: string[];
  examples: { question: string; conversationId: string; askedAt: string }[];
  draftAnswer: string | null;
  count: number;
  signals: Record<string, number>;
  lastAskedAt: string;
  faqId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface MiningResult {
  questions: number;
  created: number;
  updated: number;
  removed: number;
}

export interface AcceptEdits {
  question: string;
  similar: string[];
  answer?: string;
}

export function listGaps(status: GapStatus): Promise<Items<GapSuggestion>> {
  return api<Items<GapSuggestion>>('GET', `/api/v1/knowledge/gaps?status=${status}`);
}

export function mineGaps(): Promise<MiningResult> {
  return api<MiningResult>('POST', '/api/v1/knowledge/gaps/mine', {});
}

export function acceptGap(id: string, edits: AcceptEdits): Promise<{ suggestion: GapSuggestion; faq: { id: string } }> {
  return api('POST', `/api/v1/knowledge/gaps/${encodeURIComponent(id)}/accept`, edits);
}

export function rejectGap(id: string): Promise<GapSuggestion> {
  return api<GapSuggestion>('POST', `/api/v1/knowledge/gaps/${encodeURIComponent(id)}/reject`);
}
