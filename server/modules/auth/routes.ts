import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { getRole, getUser, presentRole, presentUser, profilePatch, roleView, updateOwnProfile, userView } from '../users/index.ts';
import { getWorkspace, presentWorkspace, workspaceView } from '../workspaces/index.ts';
import { authPolicy } from './policy.ts';
import { changePassword, login, loginBody, logout, passwordChange } from './service.ts';
import { metaOf, registerTwoFactorRoutes, sessionView } from './two-factor-routes.ts';

const challengeView = z.object({
  twoFactor: z.enum(['code_required', 'enrolment_required']).describe('Send a code to /auth/login/2fa, or set up 2FA through /auth/login/2fa/enrol'),
  challenge: z.string(),
  expiresAt: z.string(),
});

const tags = ['auth'];

export function registerAuthRoutes(app: KefuApp, ctx: AppContext): void {
  app.post('/api/v1/auth/login', {
    config: { access: authPolicy.login },
    schema: {
      tags,
      summary: 'Sign in with email and password; returns a session token, or a challenge for the second step (2FA)',
      security: [],
      body: loginBody,
      response: { 200: z.union([sessionView, challengeView]), ...errorResponses },
    },
    handler: async (req) => {
      const result = await login(ctx, app.rateStore, req.body, metaOf(req));
      if (result.kind === 'challenge') return { twoFactor: result.twoFactor, challenge: result.challenge, expiresAt: result.expiresAt.toISOString() };
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: presentUser(result.user), workspaceId: result.user.workspaceId };
    },
  });

  app.get('/api/v1/auth/me', {
    config: { access: authPolicy.me },
    schema: {
      tags,
      summary: 'Who the token belongs to, with role and workspace',
      response: {
        200: z.object({ kind: z.enum(['user', 'api_key']), user: userView.nullable(), role: roleView, workspace: workspaceView }),
        ...errorResponses,
      },
    },
    handler: async (req) => {
      const { principal } = actorOf(req);
      const [workspace, role, user] = await Promise.all([
        getWorkspace(ctx.db, principal.workspaceId),
        getRole(ctx.db, principal.workspaceId, principal.roleId),
        principal.kind === 'user' ? getUser(ctx.db, principal.workspaceId, principal.id) : null,
      ]);
      return { kind: principal.kind, user: user && presentUser(user), role: presentRole(role), workspace: presentWorkspace(workspace) };
    },
  });

  app.patch('/api/v1/auth/me', {
    config: { access: authPolicy.updateProfile },
    schema: { tags, summary: 'Change your own name or console language', body: profilePatch, response: { 200: userView, ...errorResponses } },
    handler: async (req) => presentUser(await updateOwnProfile(ctx, actorOf(req), req.body)),
  });

  app.post('/api/v1/auth/logout', {
    config: { access: authPolicy.logout },
    schema: { tags, summary: 'End this session', response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await logout(ctx, actorOf(req));
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/password', {
    config: { access: authPolicy.changePassword },
    schema: { tags, summary: 'Change your password; other sessions end', body: passwordChange, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await changePassword(ctx, actorOf(req), req.body);
      return reply.code(204).send(null);
    },
  });

  registerTwoFactorRoutes(app, ctx);
}
