import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { surveyRequests, surveyResponses, type SurveyRequestRow, type SurveyResponseRow } from './schema.ts';

/** A contact's survey requests and answers (data-subject export). */
export async function selectSurveysOfContacts(
  db: DbOrTx,
  workspaceId: string,
  contactIds: string[],
): Promise<{ requests: SurveyRequestRow[]; responses: SurveyResponseRow[] }> {
  if (contactIds.length === 0) return { requests: [], responses: [] };
  const requests = await db
    .select()
    .from(surveyRequests)
    .where(and(eq(surveyRequests.workspaceId, workspaceId), inArray(surveyRequests.contactId, contactIds)))
    .orderBy(surveyRequests.id);
  const responses = await db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.workspaceId, workspaceId), inArray(surveyResponses.contactId, contactIds)))
    .orderBy(surveyResponses.id);
  return { requests, responses };
}

/** Clear what a contact wrote in surveys (comment, free-text answers); the rating stays for the CSAT figures. */
export async function stripSurveyAnswers(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<number> {
  if (contactIds.length === 0) return 0;
  const rows = await db
    .update(surveyResponses)
    .set({ comment: '', answers: {} })
    .where(and(eq(surveyResponses.workspaceId, workspaceId), inArray(surveyResponses.contactId, contactIds)))
    .returning({ id: surveyResponses.id });
  return rows.length;
}

/** The contact behind a survey token (for the unsubscribe link in survey messages). */
export async function findSurveyContact(db: DbOrTx, token: string): Promise<{ workspaceId: string; contactId: string } | undefined> {
  const [row] = await db
    .select({ workspaceId: surveyRequests.workspaceId, contactId: surveyRequests.contactId })
    .from(surveyRequests)
    .where(eq(surveyRequests.token, token));
  return row;
}
