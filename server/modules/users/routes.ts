import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { registerApiKeyRoutes } from './api-keys-routes.ts';
import { acceptInvitation, invitationAccept, invitationCreate, inviteUser, listInvitations, revokeInvitation } from './invitations-service.ts';
import { usersPolicy } from './policy.ts';
import { invitationView, presentInvitation, presentRole, presentUser, roleView, userView } from './present.ts';
import { createRole, deleteRole, listRoles, roleCreate, rolePatch, updateRole } from './roles-service.ts';
import { getUser, listUsers, updateUser, userPatch } from './service.ts';

const userParams = z.object({ id: idSchema('user') }).strict();
const roleParams = z.object({ id: idSchema('role') }).strict();
const invitationParams = z.object({ id: idSchema('invitation') }).strict();
const tags = ['users'];

export function registerUserRoutes(app: KefuApp, ctx: AppContext): void {
  registerApiKeyRoutes(app, ctx);

  app.get('/api/v1/users', {
    config: { access: usersPolicy.listUsers },
    schema: {
      tags,
      summary: 'List users',
      querystring: pageQuery.strict(),
      response: { 200: z.object({ items: z.array(userView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listUsers(ctx.db, actorOf(req).principal.workspaceId, req.query);
      return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
    },
  });

  app.get('/api/v1/users/:id', {
    config: { access: usersPolicy.readUser },
    schema: { tags, summary: 'One user', params: userParams, response: { 200: userView, ...errorResponses } },
    handler: async (req) => presentUser(await getUser(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.patch('/api/v1/users/:id', {
    config: { access: usersPolicy.updateUser },
    schema: {
      tags,
      summary: 'Rename, change role, disable or enable a user',
      params: userParams,
      body: userPatch,
      response: { 200: userView, ...errorResponses },
    },
    handler: async (req) => presentUser(await updateUser(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.post('/api/v1/invitations', {
    config: { access: usersPolicy.invite },
    schema: {
      tags,
      summary: 'Invite a user; the accept token is shown once',
      body: invitationCreate,
      response: { 201: z.object({ invitation: invitationView, token: z.string() }), ...errorResponses },
    },
    handler: async (req, reply) => {
      const { invitation, token } = await inviteUser(ctx, actorOf(req), req.body);
      return reply.code(201).send({ invitation: presentInvitation(invitation), token });
    },
  });

  app.get('/api/v1/invitations', {
    config: { access: usersPolicy.listInvitations },
    schema: { tags, summary: 'Pending invitations', response: { 200: z.object({ items: z.array(invitationView) }), ...errorResponses } },
    handler: async (req) => ({ items: (await listInvitations(ctx, actorOf(req).principal.workspaceId)).map(presentInvitation) }),
  });

  app.delete('/api/v1/invitations/:id', {
    config: { access: usersPolicy.revokeInvitation },
    schema: { tags, summary: 'Revoke a pending invitation', params: invitationParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await revokeInvitation(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/invitations/accept', {
    config: { access: usersPolicy.acceptInvitation },
    schema: {
      tags,
      summary: 'Accept an invitation and set a password',
      security: [],
      body: invitationAccept,
      response: { 201: userView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentUser(await acceptInvitation(ctx, req.body, { requestId: req.id, ip: req.ip }))),
  });

  app.get('/api/v1/roles', {
    config: { access: usersPolicy.listRoles },
    schema: { tags, summary: 'Roles of the workspace', response: { 200: z.object({ items: z.array(roleView) }), ...errorResponses } },
    handler: async (req) => ({ items: (await listRoles(ctx.db, actorOf(req).principal.workspaceId)).map(presentRole) }),
  });

  app.post('/api/v1/roles', {
    config: { access: usersPolicy.manageRoles },
    schema: { tags, summary: 'Create a custom role', body: roleCreate, response: { 201: roleView, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(presentRole(await createRole(ctx, actorOf(req), req.body))),
  });

  app.patch('/api/v1/roles/:id', {
    config: { access: usersPolicy.manageRoles },
    schema: { tags, summary: 'Change a custom role', params: roleParams, body: rolePatch, response: { 200: roleView, ...errorResponses } },
    handler: async (req) => presentRole(await updateRole(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/v1/roles/:id', {
    config: { access: usersPolicy.manageRoles },
    schema: { tags, summary: 'Delete an unused custom role', params: roleParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteRole(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
