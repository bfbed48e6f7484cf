import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import type { ChannelKind } from '../inboxes/index.ts';
import { insertSurveyRequest } from './repo.ts';
import type { SurveyRequestRow, SurveySubject } from './schema.ts';
import type { SurveyLocale, SurveySettings } from './settings.ts';
import { newSurveyToken, surveyUrl } from './token.ts';

/** What was resolved and who to ask about it. */
export interface SurveySubjectFacts {
  workspaceId: string;
  subjectType: SurveySubject;
  conversationId: string | null;
  ticketId: string | null;
  contactId: string;
  agentId: string | null;
  teamId: string | null;
  channel: ChannelKind;
  locale: SurveyLocale;
  /** Same key, same resolution: a repeated event asks nothing more. */
  resolutionKey: string;
}

/**
 * Whether this resolution is surveyed at all under the settings, and how:
 * `inline` (a structured message) or `link`; null when it is not asked.
 */
export function surveyModeFor(settings: SurveySettings, subject: SurveySubject, channel: ChannelKind): 'inline' | 'link' | null {
  if (!settings.enabled) return null;
  if (settings.subjects !== 'both' && settings.subjects !== `${subject}s`) return null;
  const mode = settings.delivery[channel];
  return mode === 'off' ? null : mode;
}

/**
 * Record a survey request for one resolution (once: undefined when it was
 * already asked about), due after the settings' delay and valid for their
 * expiry, with the questions frozen as they are now.
 */
export function openSurveyRequest(
  db: DbOrTx,
  settings: SurveySettings,
  facts: SurveySubjectFacts,
  mode: 'inline' | 'link',
  now = new Date(),
): Promise<SurveyRequestRow | undefined> {
  const sendAt = new Date(now.getTime() + settings.delayMinutes * 60_000);
  return insertSurveyRequest(db, {
    ...facts,
    id: newId('survey'),
    token: newSurveyToken(),
    mode,
    form: { comment: settings.commentEnabled, questions: settings.questions, texts: settings.texts },
    sendAt,
    expiresAt: new Date(sendAt.getTime() + settings.expiryDays * 86_400_000),
  });
}

/** The text and attributes of the message that asks: the intro (and the link), plus the structured survey for inline channels. */
export function surveyMessage(request: SurveyRequestRow, publicUrl: string): { content: string; contentAttributes: Record<string, unknown> } {
  const url = surveyUrl(publicUrl, request.token);
  const texts = request.form.texts[request.locale as SurveyLocale] ?? request.form.texts['zh-CN'];
  if (request.mode === 'link') return { content: `${texts.intro}\n${url}`, contentAttributes: { surveyRequestId: request.id } };
  return {
    content: texts.intro,
    contentAttributes: {
      survey: {
        token: request.token,
        url,
        expiresAt: request.expiresAt.toISOString(),
        comment: request.form.comment,
        questions: request.form.questions,
        texts: request.form.texts,
      },
    },
  };
}
