import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { conversationView, presentConversation } from '../conversations/index.ts';
import { readQueue } from './assign-service.ts';
import { assertConversationVisible, claimConversation, requirePerson, transferBody, transferConversation } from './manual-service.ts';
import { routingPolicy } from './policy.ts';
import { agentView, meView, presentAgent, presentMe, presentQueueItem, presentTeam, queueItemView, ruleView, teamView } from './present.ts';
import {
  agentPatch,
  createTeam,
  deleteTeam,
  getMyRouting,
  listAgents,
  listRules,
  listTeams,
  presenceBody,
  putRule,
  ruleBody,
  setPresence,
  teamBody,
  teamPatch,
  updateAgent,
  updateTeam,
} from './service.ts';

const tags = ['routing'];
const teamParams = z.object({ teamId: idSchema('team') }).strict();
const conversationParams = z.object({ id: idSchema('conversation') }).strict();

/** Before the body is validated: API keys are nobody to route to (403 whatever they send). */
const personOnly = async (req: FastifyRequest) => void requirePerson(actorOf(req));

/** Before the body is validated: another workspace's conversation is 404 whatever is sent. */
function conversationFirst(ctx: AppContext) {
  return async (req: FastifyRequest) => {
    const id = (req.params as { id?: unknown }).id;
    if (typeof id === 'string' && idSchema('conversation').safeParse(id).success) await assertConversationVisible(ctx, actorOf(req), id);
  };
}

/** Agents' profiles and presence, teams, rules and the queue; claim and transfer of conversations. */
export function registerRoutingRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/routing/me', {
    config: { access: routingPolicy.me },
    preValidation: personOnly,
    schema: { tags, summary: 'My presence, skills, capacity and current load', response: { 200: meView, ...errorResponses } },
    handler: async (req) => presentMe(await getMyRouting(ctx, actorOf(req))),
  });

  app.put('/api/v1/routing/me/presence', {
    config: { access: routingPolicy.me },
    preValidation: personOnly,
    schema: {
      tags,
      summary: 'Set my presence; online takes waiting conversations at once (the answer counts them)',
      body: presenceBody,
      response: { 200: meView, ...errorResponses },
    },
    handler: async (req) => presentMe(await setPresence(ctx, actorOf(req), req.body.presence)),
  });

  app.get('/api/v1/routing/agents', {
    config: { access: routingPolicy.read },
    schema: {
      tags,
      summary: 'Everyone who answers customers, with presence, skills, capacity and load',
      response: { 200: z.object({ items: z.array(agentView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listAgents(ctx, actorOf(req).principal.workspaceId)).map(presentAgent) }),
  });

  app.patch('/api/v1/routing/agents/:userId', {
    config: { access: routingPolicy.manage },
    schema: {
      tags,
      summary: 'Set an agent’s skills or capacity (0–50); audited',
      params: z.object({ userId: idSchema('user') }).strict(),
      body: agentPatch,
      response: { 200: agentView, ...errorResponses },
    },
    handler: async (req) => presentAgent(await updateAgent(ctx, actorOf(req), req.params.userId, req.body)),
  });

  app.get('/api/v1/routing/teams', {
    config: { access: routingPolicy.read },
    schema: { tags, summary: 'Teams with their members and skills', response: { 200: z.object({ items: z.array(teamView) }), ...errorResponses } },
    handler: async (req) => ({ items: (await listTeams(ctx, actorOf(req).principal.workspaceId)).map(presentTeam) }),
  });

  app.post('/api/v1/routing/teams', {
    config: { access: routingPolicy.manage },
    schema: { tags, summary: 'Create a team; its skills count as every member’s', body: teamBody, response: { 201: teamView, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(presentTeam(await createTeam(ctx, actorOf(req), req.body))),
  });

  app.patch('/api/v1/routing/teams/:teamId', {
    config: { access: routingPolicy.manage },
    schema: {
      tags,
      summary: 'Rename a team, or replace its members or skills',
      params: teamParams,
      body: teamPatch,
      response: { 200: teamView, ...errorResponses },
    },
    handler: async (req) => presentTeam(await updateTeam(ctx, actorOf(req), req.params.teamId, req.body)),
  });

  app.delete('/api/v1/routing/teams/:teamId', {
    config: { access: routingPolicy.manage },
    schema: {
      tags,
      summary: 'Delete a team (its rules and conversations keep no team)',
      params: teamParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteTeam(ctx, actorOf(req), req.params.teamId);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/routing/rules', {
    config: { access: routingPolicy.read },
    schema: {
      tags,
      summary: 'Every inbox with the team and skills its conversations need',
      response: { 200: z.object({ items: z.array(ruleView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await listRules(ctx, actorOf(req).principal.workspaceId) }),
  });

  app.put('/api/v1/routing/rules/:inboxId', {
    config: { access: routingPolicy.manage },
    schema: {
      tags,
      summary: 'Set an inbox’s routing rule; conversations waiting from it follow at once',
      params: z.object({ inboxId: idSchema('inbox') }).strict(),
      body: ruleBody,
      response: { 200: ruleView, ...errorResponses },
    },
    handler: async (req) => putRule(ctx, actorOf(req), req.params.inboxId, req.body),
  });

  app.get('/api/v1/routing/queue', {
    config: { access: routingPolicy.read },
    schema: {
      tags,
      summary: 'Conversations waiting for an agent, in queue order, with position (per team line) and expected wait',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }).strict(),
      response: { 200: z.object({ items: z.array(queueItemView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await readQueue(ctx.db, actorOf(req).principal.workspaceId, req.query.limit)).map(presentQueueItem) }),
  });

  app.post('/api/v1/conversations/:id/claim', {
    config: { access: routingPolicy.claim },
    preValidation: [personOnly, conversationFirst(ctx)],
    schema: {
      tags: ['conversations'],
      summary: 'Take an unassigned conversation (409 `already_assigned` when someone has it)',
      params: conversationParams,
      response: { 200: conversationView, ...errorResponses },
    },
    handler: async (req) => presentConversation(await claimConversation(ctx, actorOf(req), req.params.id)),
  });

  app.post('/api/v1/conversations/:id/transfer', {
    config: { access: routingPolicy.transfer },
    preValidation: conversationFirst(ctx),
    schema: {
      tags: ['conversations'],
      summary: 'Hand over to an agent (`assigneeId`) or back to the queue of a team (`teamId`)',
      params: conversationParams,
      body: transferBody,
      response: { 200: conversationView, ...errorResponses },
    },
    handler: async (req) => presentConversation(await transferConversation(ctx, actorOf(req), req.params.id, req.body)),
  });
}
