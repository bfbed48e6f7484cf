import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, isoDate, type KefuApp } from '../../lib/http.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { auditPolicy } from './policy.ts';
import type { AuditEventRow } from './schema.ts';
import { listAudit } from './service.ts';

const auditEventView = z.object({
  id: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
});

function presentAuditEvent(row: AuditEventRow): z.infer<typeof auditEventView> {
  return { ...row, createdAt: isoDate(row.createdAt)! };
}

export function registerAuditRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/audit-events', {
    config: { access: auditPolicy.list },
    schema: {
      tags: ['audit'],
      summary: 'Audit log, newest first',
      querystring: pageQuery.extend({ targetId: z.string().max(64).optional(), action: z.string().max(64).optional() }).strict(),
      response: { 200: z.object({ items: z.array(auditEventView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listAudit(ctx.db, actorOf(req).principal.workspaceId, req.query);
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  });
}
