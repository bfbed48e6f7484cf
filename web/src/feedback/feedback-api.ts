import { api, query } from '../api.ts';

/** The shapes of /api/v1/feedback (see server/modules/feedback/present.ts and settings.ts). */

export type Locale = 'zh-CN' | 'en';
export type Bilingual = Record<Locale, string>;
export const channelKinds = ['widget', 'api', 'email', 'wechat', 'sms', 'voice'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export type DeliveryMode = 'inline' | 'link' | 'off';

export interface SurveyQuestion {
  key: string;
  kind: 'yes_no' | 'choice';
  label: Bilingual;
  options: { value: string; label: Bilingual }[];
  required: boolean;
}

export interface SurveySettings {
  enabled: boolean;
  subjects: 'conversations' | 'tickets' | 'both';
  commentEnabled: boolean;
  questions: SurveyQuestion[];
  texts: Record<Locale, { intro: string; thanks: string }>;
  delivery: Record<ChannelKind, DeliveryMode>;
  delayMinutes: number;
  expiryDays: number;
  followUpThreshold: number;
  followUpDueHours: number;
}

export interface SurveyResponse {
  id: string;
  rating: number;
  comment: string;
  answers: Record<string, string>;
  channel: string;
  agentId: string | null;
  teamId: string | null;
  subjectType: 'conversation' | 'ticket';
  conversationId: string | null;
  ticketId: string | null;
  contactId: string;
  taskId: string | null;
  createdAt: string;
}

export interface Figures {
  count: number;
  average: number | null;
  csat: number | null;
}
export interface Summary extends Figures {
  byAgent: (Figures & { agentId: string | null })[];
}

export interface ResponseFilter {
  rating?: number;
  low?: boolean;
}

const filterQuery = (f: ResponseFilter) => ({ rating: f.rating, low: f.low ? 'true' : undefined });

export const listResponses = (f: ResponseFilter, before?: string) =>
  api<{ items: SurveyResponse[]; nextBefore: string | null }>('GET', `/api/v1/feedback/responses${query({ ...filterQuery(f), before, limit: 50 })}`);
export const getSummary = (f: ResponseFilter) => api<Summary>('GET', `/api/v1/feedback/summary${query(filterQuery(f))}`);
export const getSurveySettings = () => api<SurveySettings>('GET', '/api/v1/feedback/settings');
export const saveSurveySettings = (settings: SurveySettings) => api<SurveySettings>('PUT', '/api/v1/feedback/settings', settings);
