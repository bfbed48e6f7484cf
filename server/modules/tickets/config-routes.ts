import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import {
  categoryCreate,
  categoryPatch,
  createCategory,
  createField,
  deleteField,
  fieldCreate,
  fieldPatch,
  listCategories,
  listFields,
  updateCategory,
  updateField,
} from './config-service.ts';
import { ticketsPolicy } from './policy.ts';
import { categoryView, fieldView, presentCategory, presentField } from './present.ts';

const tags = ['ticket settings'];

/** /api/v1/ticket-categories and /api/v1/ticket-fields: the category tree with its dispatch rules, and custom fields. */
export function registerTicketConfigRoutes(app: KefuApp, ctx: AppContext): void {
  const categoryParams = z.object({ id: idSchema('ticketCategory') }).strict();
  const fieldParams = z.object({ id: idSchema('ticketField') }).strict();

  app.get('/api/v1/ticket-categories', {
    config: { access: ticketsPolicy.readConfig },
    schema: {
      tags,
      summary: 'The category tree (flat, parents first; nest by parentId)',
      response: { 200: z.object({ items: z.array(categoryView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listCategories(ctx.db, actorOf(req).principal.workspaceId)).map(presentCategory) }),
  });

  app.post('/api/v1/ticket-categories', {
    config: { access: ticketsPolicy.configure },
    schema: {
      tags,
      summary: 'Add a category (three levels at most), with its team, skills and starting priority',
      body: categoryCreate,
      response: { 201: categoryView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentCategory(await createCategory(ctx, actorOf(req), req.body))),
  });

  app.patch('/api/v1/ticket-categories/:id', {
    config: { access: ticketsPolicy.configure },
    schema: {
      tags,
      summary: 'Rename, re-dispatch, reorder or archive a category',
      params: categoryParams,
      body: categoryPatch,
      response: { 200: categoryView, ...errorResponses },
    },
    handler: async (req) => presentCategory(await updateCategory(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.get('/api/v1/ticket-fields', {
    config: { access: ticketsPolicy.readConfig },
    schema: { tags, summary: 'Custom ticket fields', response: { 200: z.object({ items: z.array(fieldView) }), ...errorResponses } },
    handler: async (req) => ({ items: (await listFields(ctx.db, actorOf(req).principal.workspaceId)).map(presentField) }),
  });

  app.post('/api/v1/ticket-fields', {
    config: { access: ticketsPolicy.configure },
    schema: { tags, summary: 'Add a custom field', body: fieldCreate, response: { 201: fieldView, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(presentField(await createField(ctx, actorOf(req), req.body))),
  });

  app.patch('/api/v1/ticket-fields/:id', {
    config: { access: ticketsPolicy.configure },
    schema: {
      tags,
      summary: 'Change a custom field (its key and type stay)',
      params: fieldParams,
      body: fieldPatch,
      response: { 200: fieldView, ...errorResponses },
    },
    handler: async (req) => presentField(await updateField(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/v1/ticket-fields/:id', {
    config: { access: ticketsPolicy.configure },
    schema: {
      tags,
      summary: 'Remove a custom field (values already on tickets stay in their history)',
      params: fieldParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteField(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
