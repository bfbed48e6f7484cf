import { api } from '../api.ts';

/** The shapes of /api/v1/privacy (see server/modules/pii/settings.ts and routes.ts). */

export const piiKinds = ['mobile', 'landline', 'intl_phone', 'cn_id', 'bank_card', 'email', 'address', 'passport', 'plate', 'ip', 'custom'] as const;
export type PiiKind = (typeof piiKinds)[number];
export const piiSurfaces = ['console', 'logs', 'analytics', 'exports', 'webhooks', 'llm'] as const;
export type PiiSurface = (typeof piiSurfaces)[number];
export type MaskMode = 'mask' | 'clear';

export interface PrivacySettings {
  kinds: PiiKind[];
  customPatterns: { name: string; pattern: string }[];
  policy: Record<PiiSurface, { default: MaskMode; roles: Record<string, MaskMode> }>;
}

export interface RevealedMessage {
  content: string;
  kinds: PiiKind[];
  values: { kind: PiiKind; value: string; label?: string }[];
}

export const getPrivacySettings = () => api<PrivacySettings>('GET', '/api/v1/privacy/settings');
export const savePrivacySettings = (settings: PrivacySettings) => api<PrivacySettings>('PUT', '/api/v1/privacy/settings', settings);

/** The clear text of one message (audited on the server). */
export const revealMessage = (messageId: string) => api<RevealedMessage>('POST', `/api/v1/privacy/reveal/messages/${encodeURIComponent(messageId)}`);

/** One contact field in clear (audited on the server). */
export const revealContactField = (contactId: string, field: 'email' | 'phone') =>
  api<{ field: string; value: string | null }>('POST', `/api/v1/privacy/reveal/contacts/${encodeURIComponent(contactId)}`, { field });

/** A ticket's subject and description in clear (audited on the server). */
export const revealTicket = (ticketId: string) =>
  api<Omit<RevealedMessage, 'content'> & { subject: string; description: string }>(
    'POST',
    `/api/v1/privacy/reveal/tickets/${encodeURIComponent(ticketId)}`,
  );

/** One reply or internal note of a ticket in clear (audited on the server). */
export const revealTicketActivity = (activityId: string) =>
  api<Omit<RevealedMessage, 'content'> & { body: string }>('POST', `/api/v1/privacy/reveal/ticket-activities/${encodeURIComponent(activityId)}`);

/**
 * Masked values as the server writes them: 138****5678, 1101**********002X,
 * ***@shop.example, or a run of stars (custom patterns and other kinds).
 */
export const MASKED_VALUE = /[0-9A-Za-z]{0,4}\*{4,}[0-9A-Za-z]{0,4}|\*{3}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Text split into plain parts and masked values, for rendering masked values as chips. */
export function splitMasked(text: string): { text: string; masked: boolean }[] {
  const parts: { text: string; masked: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(MASKED_VALUE)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), masked: false });
    parts.push({ text: m[0], masked: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), masked: false });
  return parts;
}
