import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { slaPolicy } from './policy.ts';
import { calendarView, policyView, presentCalendar, presentPolicy } from './present.ts';
import * as svc from './service.ts';
import { retimeTickets } from './timers-service.ts';

const tags = ['sla'];
const calendarParams = z.object({ id: idSchema('calendar') }).strict();
const policyParams = z.object({ id: idSchema('slaPolicy') }).strict();
const deleted = { 204: z.null(), ...errorResponses };
/** Policy fields whose change moves the clocks already running under it. */
const RETIMING_KEYS = ['targets', 'warnBefore', 'calendarId', 'conditions', 'enabled'] as const;

/** /api/v1/sla/calendars and /api/v1/sla/policies: business calendars (hours, holidays, 补班) and SLA policies. */
export function registerSlaRoutes(app: KefuApp, ctx: AppContext): void {
  const ws = (req: Parameters<typeof actorOf>[0]) => actorOf(req).principal.workspaceId;
  const inTx = <T>(fn: (tx: Parameters<Parameters<AppContext['db']['transaction']>[0]>[0]) => Promise<T>) => ctx.db.transaction(fn);

  app.get('/api/v1/sla/calendars', {
    config: { access: slaPolicy.read },
    schema: { tags, summary: 'Business calendars', response: { 200: z.object({ items: z.array(calendarView) }), ...errorResponses } },
    handler: async (req) => ({ items: (await svc.listCalendars(ctx.db, ws(req))).map(presentCalendar) }),
  });
  app.post('/api/v1/sla/calendars', {
    config: { access: slaPolicy.manage },
    schema: { tags, summary: 'Create a business calendar', body: svc.calendarBody, response: { 201: calendarView, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(presentCalendar(await inTx((tx) => svc.createCalendar(tx, actorOf(req), req.body)))),
  });
  app.get('/api/v1/sla/calendars/:id', {
    config: { access: slaPolicy.read },
    schema: { tags, summary: 'One business calendar', params: calendarParams, response: { 200: calendarView, ...errorResponses } },
    handler: async (req) => presentCalendar(await svc.getCalendar(ctx.db, ws(req), req.params.id)),
  });
  app.patch('/api/v1/sla/calendars/:id', {
    config: { access: slaPolicy.manage },
    schema: {
      tags,
      summary: 'Change a business calendar',
      params: calendarParams,
      body: svc.calendarPatch,
      response: { 200: calendarView, ...errorResponses },
    },
    handler: async (req) => {
      const previous = await svc.getCalendar(ctx.db, ws(req), req.params.id);
      const row = await inTx((tx) => svc.updateCalendar(tx, actorOf(req), req.params.id, req.body));
      await retimeTickets(ctx, ws(req), { calendarId: row.id }, previous);
      return presentCalendar(row);
    },
  });
  app.post('/api/v1/sla/calendars/:id/ranges', {
    config: { access: slaPolicy.manage },
    schema: {
      tags,
      summary: 'Add a range of dates as holidays or make-up working days (e.g. 国庆节 10-01 … 10-07)',
      params: calendarParams,
      body: svc.calendarRangeBody,
      response: { 200: calendarView, ...errorResponses },
    },
    handler: async (req) => {
      const previous = await svc.getCalendar(ctx.db, ws(req), req.params.id);
      const row = await inTx((tx) => svc.addCalendarRange(tx, actorOf(req), req.params.id, req.body));
      await retimeTickets(ctx, ws(req), { calendarId: row.id }, previous);
      return presentCalendar(row);
    },
  });
  app.delete('/api/v1/sla/calendars/:id', {
    config: { access: slaPolicy.manage },
    schema: { tags, summary: 'Delete a business calendar no policy uses', params: calendarParams, response: deleted },
    handler: async (req, reply) => {
      await inTx((tx) => svc.deleteCalendar(tx, actorOf(req), req.params.id));
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/sla/policies', {
    config: { access: slaPolicy.read },
    schema: {
      tags,
      summary: 'SLA policies in match order (first enabled match wins)',
      response: { 200: z.object({ items: z.array(policyView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await svc.listPolicies(ctx.db, ws(req))).map(presentPolicy) }),
  });
  app.post('/api/v1/sla/policies', {
    config: { access: slaPolicy.manage },
    schema: { tags, summary: 'Create an SLA policy', body: svc.policyBody, response: { 201: policyView, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(presentPolicy(await inTx((tx) => svc.createPolicy(tx, actorOf(req), req.body)))),
  });
  app.get('/api/v1/sla/policies/:id', {
    config: { access: slaPolicy.read },
    schema: { tags, summary: 'One SLA policy', params: policyParams, response: { 200: policyView, ...errorResponses } },
    handler: async (req) => presentPolicy(await svc.getPolicy(ctx.db, ws(req), req.params.id)),
  });
  app.patch('/api/v1/sla/policies/:id', {
    config: { access: slaPolicy.manage },
    schema: { tags, summary: 'Change an SLA policy', params: policyParams, body: svc.policyPatch, response: { 200: policyView, ...errorResponses } },
    handler: async (req) => {
      const row = await inTx((tx) => svc.updatePolicy(tx, actorOf(req), req.params.id, req.body));
      if (RETIMING_KEYS.some((k) => k in req.body)) await retimeTickets(ctx, ws(req), { policyId: row.id });
      return presentPolicy(row);
    },
  });
  app.delete('/api/v1/sla/policies/:id', {
    config: { access: slaPolicy.manage },
    schema: {
      tags,
      summary: 'Delete an SLA policy; the running clocks it set move to the policy that now matches, or stop when none does',
      params: policyParams,
      response: deleted,
    },
    handler: async (req, reply) => {
      await inTx((tx) => svc.deletePolicy(tx, actorOf(req), req.params.id));
      // The timers still name the deleted policy: re-pick for each ticket as an edit would.
      await retimeTickets(ctx, ws(req), { policyId: req.params.id });
      return reply.code(204).send(null);
    },
  });
}
