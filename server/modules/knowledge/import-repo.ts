import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { faqItems, type FaqRow, type FaqStatus, type KnowledgeLocale } from './schema.ts';

/** Items an import may update: those with one of `keys`, or whose standard question is one of `questions`. */
export async function selectFaqsNamed(db: DbOrTx, workspaceId: string, keys: string[], questions: string[]): Promise<FaqRow[]> {
  if (keys.length === 0 && questions.length === 0) return [];
  return db
    .select()
    .from(faqItems)
    .where(
      and(
        eq(faqItems.workspaceId, workspaceId),
        or(keys.length ? inArray(faqItems.key, keys) : undefined, questions.length ? inArray(faqItems.question, questions) : undefined),
      ),
    );
}

/** Every item of a workspace for export, by key then locale (bounded like training: 50,000 rows). */
export async function selectFaqsForExport(
  db: DbOrTx,
  workspaceId: string,
  filter: { locale?: KnowledgeLocale; status?: FaqStatus },
): Promise<FaqRow[]> {
  return db
    .select()
    .from(faqItems)
    .where(
      and(
        eq(faqItems.workspaceId, workspaceId),
        filter.locale ? eq(faqItems.locale, filter.locale) : undefined,
        filter.status ? eq(faqItems.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(faqItems.key), asc(faqItems.locale))
    .limit(50_000);
}
