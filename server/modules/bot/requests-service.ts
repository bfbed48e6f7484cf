import type { AppContext } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { findRequestByMessage, insertRequest, nextCounter } from './repo.ts';
import type { BotRequestRow } from './schema.ts';

/**
 * Record the service request a bot flow completed (a return, a password
 * reset, an appointment), numbered per workspace and year: R-2026-000123.
 * Keyed by the customer message whose turn completed it, so a turn that runs
 * twice creates one request.
 */
export async function createBotRequest(
  ctx: AppContext,
  input: { workspaceId: string; kind: string; conversationId: string; contactId: string; messageId: string; slots: Record<string, unknown> },
): Promise<BotRequestRow> {
  const { workspaceId } = input;
  const result = await ctx.db.transaction(async (tx) => {
    const existing = await findRequestByMessage(tx, workspaceId, input.messageId);
    if (existing) return { row: existing, created: false };
    const year = new Date().getFullYear();
    const n = await nextCounter(tx, workspaceId, `request:${year}`);
    const row = await insertRequest(tx, { ...input, id: newId('request'), number: `R-${year}-${String(n).padStart(6, '0')}` });
    return row ? { row, created: true } : { row: (await findRequestByMessage(tx, workspaceId, input.messageId))!, created: false };
  });
  if (result.created) {
    ctx.bus.emit('bot.request_created', { workspaceId, requestId: result.row.id, kind: result.row.kind, conversationId: result.row.conversationId });
  }
  return result.row;
}
