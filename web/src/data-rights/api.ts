/** The shapes of the data-rights endpoints (server/flows/data-rights-routes.ts, server/modules/retention/routes.ts). */

export type RetentionAction = 'keep' | 'delete' | 'anonymise';

export interface Retention {
  conversationsAction: RetentionAction;
  conversationsDays: number;
  ticketsAction: RetentionAction;
  ticketsYears: number;
  attachmentsDays: number | null;
  auditYears: number | null;
  updatedAt: string | null;
}

export interface ContactExport {
  id: string;
  contactId: string;
  status: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
  size: number | null;
  counts: Record<string, number>;
  error: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export interface RetentionRun {
  dryRun: boolean;
  counts: Record<string, number>;
}
