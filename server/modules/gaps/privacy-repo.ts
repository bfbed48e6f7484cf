import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { gapSuggestions } from './schema.ts';

/**
 * Forget the questions of these conversations in knowledge-gap suggestions:
 * their examples go, and so do the representative or similar questions
 * taken from them; an open suggestion left without examples is deleted.
 * Returns suggestions changed or deleted.
 */
export async function forgetGapQuestions(db: DbOrTx, workspaceId: string, conversationIds: string[]): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const ids = new Set(conversationIds);
  const rows = await db
    .select()
    .from(gapSuggestions)
    .where(
      and(
        eq(gapSuggestions.workspaceId, workspaceId),
        sql`exists (select 1 from jsonb_array_elements(${gapSuggestions.examples}) e where e->>'conversationId' = any(${sql.param(conversationIds)}::text[]))`,
      ),
    );
  for (const row of rows) {
    const gone = new Set(row.examples.filter((e) => ids.has(e.conversationId)).map((e) => e.question));
    const examples = row.examples.filter((e) => !ids.has(e.conversationId));
    const where = and(eq(gapSuggestions.workspaceId, workspaceId), eq(gapSuggestions.id, row.id));
    if (examples.length === 0 && row.status === 'open') {
      await db.delete(gapSuggestions).where(where);
      continue;
    }
    const question = gone.has(row.question) ? (examples[0]?.question ?? '') : row.question;
    await db
      .update(gapSuggestions)
      .set({ examples, question, similar: row.similar.filter((q) => !gone.has(q)), updatedAt: new Date() })
      .where(where);
  }
  return rows.length;
}
