import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { idSchema } from '../../lib/ids.ts';
import { authenticateVisitor, checkOrigin, loadWidgetInbox, type WidgetInbox } from './service.ts';

export const tags = ['widget'];
export const inboxParams = z.object({ inboxId: idSchema('inbox') }).strict();

/** The widget inbox and visitor behind an HTTP request carrying `Authorization: Bearer <visitorToken>`. */
export async function visitorRequest(ctx: AppContext, req: FastifyRequest, inboxId: string): Promise<{ widget: WidgetInbox; visitorId: string }> {
  const widget = await loadWidgetInbox(ctx, inboxId);
  checkOrigin(widget, req.headers.origin);
  const header = req.headers.authorization;
  return { widget, visitorId: authenticateVisitor(widget, header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined) };
}
