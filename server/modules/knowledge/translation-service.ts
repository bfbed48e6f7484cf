import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { selectTranslations } from './repo.ts';
import { faqStatuses, knowledgeLocales, type FaqRow } from './schema.ts';
import { createFaqs, faqCreate, getFaq } from './service.ts';

export const translationCreate = faqCreate
  .pick({ question: true, similar: true, answer: true, shortAnswer: true })
  .partial()
  .extend({
    locale: z.enum(knowledgeLocales),
    status: z.enum(faqStatuses).default('draft').describe('Draft by default: an untranslated copy must not answer customers'),
  })
  .strict();

/** The item's translations: the items with the same key in the other locales. */
export async function listTranslations(db: DbOrTx, workspaceId: string, id: string): Promise<FaqRow[]> {
  return selectTranslations(db, workspaceId, await getFaq(db, workspaceId, id));
}

/**
 * Add the missing translation of an item: the same key, category, tags and
 * validity in another locale; the question and answers not given are copied
 * for the editor to translate (similar questions are not: they are per language).
 */
export async function createTranslation(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof translationCreate>): Promise<FaqRow> {
  const workspaceId = actor.principal.workspaceId;
  const source = await getFaq(ctx.db, workspaceId, id);
  if (body.locale === source.locale)
    throw appError('validation_failed', [{ in: 'body', path: ['locale'], message: 'the item is already in this locale' }]);
  const existing = await selectTranslations(ctx.db, workspaceId, source);
  if (existing.some((t) => t.locale === body.locale)) throw appError('translation_exists');
  const [row] = await createFaqs(ctx, actor, [
    {
      key: source.key,
      locale: body.locale,
      question: body.question ?? source.question,
      similar: body.similar ?? [],
      answer: body.answer ?? source.answer,
      shortAnswer: body.shortAnswer === undefined ? source.shortAnswer : body.shortAnswer,
      category: source.category,
      tags: source.tags,
      status: body.status,
      validFrom: source.validFrom?.toISOString() ?? null,
      validUntil: source.validUntil?.toISOString() ?? null,
    },
  ]);
  return row!;
}
