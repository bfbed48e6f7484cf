import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { idSchema } from '../../lib/ids.ts';
import type { Principal } from '../../lib/principal.ts';
import { detectLang } from '../../nlu/text.ts';
import { getContact, type ContactRow } from '../contacts/index.ts';
import { getConversation, selectLatestCustomerText } from '../conversations/index.ts';
import { getInbox } from '../inboxes/index.ts';
import { getUser } from '../users/index.ts';
import type { CannedLocale, CannedResponseRow } from './schema.ts';
import { getCanned } from './service.ts';
import { fillVariables, maskPhone, type VariableValues } from './variables.ts';

export const renderBody = z
  .object({
    conversationId: idSchema('conversation'),
    locale: z.enum(['zh-CN', 'en']).optional().describe('Defaults to the language the customer writes in'),
  })
  .strict();

const other = (locale: CannedLocale): CannedLocale => (locale === 'en' ? 'zh-CN' : 'en');

/** The contact's stored locale as one Kefu answers in, if it names one. */
function contactLocale(contact: ContactRow): CannedLocale | undefined {
  const tag = contact.locale?.toLowerCase();
  if (tag?.startsWith('en')) return 'en';
  if (tag?.startsWith('zh')) return 'zh-CN';
  return undefined;
}

/** The language of the customer's latest message; the contact's locale when there is none (or it has no words). */
async function customerLocale(ctx: AppContext, workspaceId: string, conversationId: string, contact: ContactRow): Promise<CannedLocale> {
  const known = contactLocale(contact);
  const latest = await selectLatestCustomerText(ctx.db, workspaceId, conversationId);
  if (!latest) return known ?? 'zh-CN';
  return detectLang(latest, known === 'en' ? 'en' : 'zh') === 'en' ? 'en' : 'zh-CN';
}

/**
 * A canned response's text for one conversation, its variables filled: the
 * contact's name, email and phone (always masked, `138****5678`), the
 * calling agent's name, the conversation id and the inbox name. The text is
 * in `locale`, else the customer's language, else the other locale the
 * response has. Another workspace's conversation, or another person's
 * personal response, is `not_found`.
 */
export async function renderCanned(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: z.infer<typeof renderBody>,
): Promise<{ content: string; locale: CannedLocale }> {
  const { workspaceId } = principal;
  const response = await getCanned(ctx.db, principal, id);
  const conversation = await getConversation(ctx.db, workspaceId, input.conversationId);
  const [{ contact }, inbox, agent] = await Promise.all([
    getContact(ctx.db, workspaceId, conversation.contactId),
    getInbox(ctx.db, workspaceId, conversation.inboxId),
    principal.kind === 'user' ? getUser(ctx.db, workspaceId, principal.id) : undefined,
  ]);
  const wanted = input.locale ?? (await customerLocale(ctx, workspaceId, conversation.id, contact));
  const locale = pickLocale(response, wanted);
  const values: VariableValues = {
    'contact.name': contact.name,
    'contact.email': contact.email,
    'contact.phone': maskPhone(contact.phone),
    'agent.name': agent?.name ?? null,
    'conversation.id': conversation.id,
    'inbox.name': inbox.name,
  };
  return { content: fillVariables(response.content[locale] ?? '', values), locale };
}

function pickLocale(response: CannedResponseRow, wanted: CannedLocale): CannedLocale {
  return response.content[wanted] ? wanted : other(wanted);
}
