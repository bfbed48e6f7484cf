import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { getUser, presentUser, userView } from '../users/index.ts';
import { authPolicy } from './policy.ts';
import type { LoginMeta } from './session.ts';
import {
  authSettingsBody,
  beginLoginEnrolment,
  completeSecondStep,
  confirmLoginEnrolment,
  enrolBody,
  enrolConfirmBody,
  readAuthSettings,
  readLockout,
  secondStepBody,
  unlockUser,
  updateAuthSettings,
} from './two-factor-login.ts';
import { beginEnrolment, confirmEnrolment, disableTwoFactor, recoveryCode, totpCode, twoFactorStatus } from './two-factor-service.ts';

const tags = ['auth'];
const enrolment = z.object({ secret: z.string(), otpauthUri: z.string() });
const recoveryCodes = z.array(z.string()).length(10).describe('Shown once; each works one time in place of a code');
export const sessionView = z.object({ token: z.string(), expiresAt: z.string(), user: userView, workspaceId: z.string() });
const statusView = z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int(), required: z.boolean() });
const settingsView = z.object({ requireAdminTwoFactor: z.boolean() });
const lockoutView = z.object({ locked: z.boolean(), retryAfterSeconds: z.number().int() });

type Req = { ip: string; id: string; headers: { 'user-agent'?: string } };
export const metaOf = (req: Req): LoginMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });
const presentSession = (s: Awaited<ReturnType<typeof completeSecondStep>>) => ({
  token: s.token,
  expiresAt: s.expiresAt.toISOString(),
  user: presentUser(s.user),
  workspaceId: s.user.workspaceId,
});

function registerLoginSteps(app: KefuApp, ctx: AppContext): void {
  app.post('/api/v1/auth/login/2fa', {
    config: { access: authPolicy.secondStep },
    schema: {
      tags,
      summary: 'Second sign-in step: a code from the app, or a recovery code',
      security: [],
      body: secondStepBody,
      response: { 200: sessionView, ...errorResponses },
    },
    handler: async (req) => presentSession(await completeSecondStep(ctx, req.body, metaOf(req))),
  });
  app.post('/api/v1/auth/login/2fa/enrol', {
    config: { access: authPolicy.secondStep },
    schema: {
      tags,
      summary: 'Set up 2FA during sign-in (the workspace requires it)',
      security: [],
      body: enrolBody,
      response: { 200: enrolment, ...errorResponses },
    },
    handler: async (req) => beginLoginEnrolment(ctx, req.body),
  });
  app.post('/api/v1/auth/login/2fa/enrol/confirm', {
    config: { access: authPolicy.secondStep },
    schema: {
      tags,
      summary: 'Confirm 2FA set up during sign-in; returns the session and the recovery codes',
      security: [],
      body: enrolConfirmBody,
      response: { 200: sessionView.extend({ recoveryCodes }), ...errorResponses },
    },
    handler: async (req) => {
      const result = await confirmLoginEnrolment(ctx, req.body, metaOf(req));
      return { ...presentSession(result), recoveryCodes: result.recoveryCodes };
    },
  });
}

function registerOwnTwoFactor(app: KefuApp, ctx: AppContext): void {
  const me = (req: Parameters<typeof actorOf>[0]) => getUser(ctx.db, actorOf(req).principal.workspaceId, actorOf(req).principal.id);
  app.get('/api/v1/auth/2fa', {
    config: { access: authPolicy.twoFactor },
    schema: {
      tags,
      summary: 'Your two-factor authentication: on or off, recovery codes left, required or not',
      response: { 200: statusView, ...errorResponses },
    },
    handler: async (req) => twoFactorStatus(ctx, await me(req)),
  });
  app.post('/api/v1/auth/2fa/enrol', {
    config: { access: authPolicy.twoFactor },
    schema: { tags, summary: 'Start setting up 2FA: a new secret and its otpauth URI', response: { 200: enrolment, ...errorResponses } },
    handler: async (req) => beginEnrolment(ctx, await me(req)),
  });
  app.post('/api/v1/auth/2fa/confirm', {
    config: { access: authPolicy.twoFactor },
    schema: {
      tags,
      summary: 'Turn 2FA on with a first code; returns the recovery codes once',
      body: z.object({ code: totpCode }).strict(),
      response: { 200: z.object({ recoveryCodes }), ...errorResponses },
    },
    handler: async (req) => ({ recoveryCodes: await confirmEnrolment(ctx, actorOf(req), await me(req), req.body.code) }),
  });
  app.post('/api/v1/auth/2fa/disable', {
    config: { access: authPolicy.twoFactor },
    schema: {
      tags,
      summary: 'Turn 2FA off (password and a current code or a recovery code)',
      body: z.object({ password: z.string().min(1).max(200), code: totpCode.optional(), recoveryCode: recoveryCode.optional() }).strict(),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await disableTwoFactor(ctx, actorOf(req), req.body);
      return reply.code(204).send(null);
    },
  });
}

function registerAdminRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/auth/settings', {
    config: { access: authPolicy.readSettings },
    schema: { tags, summary: "The workspace's sign-in rules", response: { 200: settingsView, ...errorResponses } },
    handler: async (req) => readAuthSettings(ctx, actorOf(req).principal.workspaceId),
  });
  app.put('/api/v1/auth/settings', {
    config: { access: authPolicy.manageSettings },
    schema: {
      tags,
      summary: 'Require 2FA of admins (they enrol at their next sign-in)',
      body: authSettingsBody,
      response: { 200: settingsView, ...errorResponses },
    },
    handler: async (req) => updateAuthSettings(ctx, actorOf(req), req.body),
  });
  app.get('/api/v1/auth/users/:id/lockout', {
    config: { access: authPolicy.lockout },
    schema: {
      tags,
      summary: 'Whether a member is locked out after failed sign-ins',
      params: z.object({ id: z.string().max(40) }),
      response: { 200: lockoutView, ...errorResponses },
    },
    handler: async (req) => readLockout(ctx, app.rateStore, actorOf(req).principal.workspaceId, req.params.id),
  });
  app.delete('/api/v1/auth/users/:id/lockout', {
    config: { access: authPolicy.lockout },
    schema: {
      tags,
      summary: 'Unlock a member locked out after failed sign-ins',
      params: z.object({ id: z.string().max(40) }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await unlockUser(ctx, app.rateStore, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}

/** Two-factor sign-in, one's own 2FA, the workspace's sign-in rules and lockouts. */
export function registerTwoFactorRoutes(app: KefuApp, ctx: AppContext): void {
  registerLoginSteps(app, ctx);
  registerOwnTwoFactor(app, ctx);
  registerAdminRoutes(app, ctx);
}
