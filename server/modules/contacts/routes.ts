import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { contactsPolicy } from './policy.ts';
import { contactView, identityView, presentContact, presentIdentity } from './present.ts';
import { contactPatch, getContact, listContacts, listContactsQuery, updateContact } from './service.ts';

const tags = ['contacts'];
const params = z.object({ id: idSchema('contact') }).strict();

export function registerContactRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/contacts', {
    config: { access: contactsPolicy.list },
    schema: {
      tags,
      summary: 'Contacts, newest first; `q` searches name, email and phone',
      querystring: listContactsQuery.strict(),
      response: { 200: z.object({ items: z.array(contactView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listContacts(ctx.db, actorOf(req).principal.workspaceId, req.query);
      return { items: page.items.map(presentContact), nextCursor: page.nextCursor };
    },
  });

  app.get('/api/v1/contacts/:id', {
    config: { access: contactsPolicy.read },
    schema: {
      tags,
      summary: 'A contact with its channel identities',
      params,
      response: { 200: contactView.extend({ identities: z.array(identityView) }), ...errorResponses },
    },
    handler: async (req) => {
      const { contact, identities } = await getContact(ctx.db, actorOf(req).principal.workspaceId, req.params.id);
      return { ...presentContact(contact), identities: identities.map(presentIdentity) };
    },
  });

  app.patch('/api/v1/contacts/:id', {
    config: { access: contactsPolicy.update },
    schema: { tags, summary: 'Edit a contact', params, body: contactPatch, response: { 200: contactView, ...errorResponses } },
    handler: async (req) => presentContact(await updateContact(ctx, actorOf(req), req.params.id, req.body)),
  });
}
