import type { AppContext } from '../context.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { selectActiveRules, selectWorkspacesWithTimeRules } from '../modules/automation/index.ts';
import { conversationAdapter } from './automation-conversation.ts';
import { ticketAdapter } from './automation-ticket.ts';
import { provideSubjectAdapter, runAutomation, subjectAdapters } from './automation-run.ts';

/**
 * Automation listens to the subjects' lives: a conversation created or
 * updated, a customer message received, a ticket created or updated. Each
 * event runs the workspace's enabled rules of that trigger (flows/automation-run.ts).
 * Ticket rules act through the tickets service (flows/automation-ticket.ts).
 */
export function registerAutomationListeners(ctx: AppContext): void {
  provideSubjectAdapter(conversationAdapter);
  provideSubjectAdapter(ticketAdapter);
  ctx.bus.on('conversation.created', ({ payload }) =>
    runAutomation(ctx, {
      workspaceId: payload.workspaceId,
      trigger: 'conversation.created',
      subjectType: 'conversation',
      subjectId: payload.conversation.id,
    }),
  );
  ctx.bus.on('conversation.updated', ({ payload }) =>
    runAutomation(ctx, {
      workspaceId: payload.workspaceId,
      trigger: 'conversation.updated',
      subjectType: 'conversation',
      subjectId: payload.conversation.id,
      event: { changes: payload.changes },
    }),
  );
  ctx.bus.on('message.created', ({ payload }) => {
    if (payload.message.type !== 'incoming') return;
    return runAutomation(ctx, {
      workspaceId: payload.workspaceId,
      trigger: 'message.received',
      subjectType: 'conversation',
      subjectId: payload.conversation.id,
      event: { messageText: payload.message.content },
    });
  });
  ctx.bus.on('ticket.created', ({ payload }) =>
    runAutomation(ctx, { workspaceId: payload.workspaceId, trigger: 'ticket.created', subjectType: 'ticket', subjectId: payload.ticket.id }),
  );
  ctx.bus.on('ticket.updated', ({ payload }) =>
    runAutomation(ctx, {
      workspaceId: payload.workspaceId,
      trigger: 'ticket.updated',
      subjectType: 'ticket',
      subjectId: payload.ticket.id,
      event: { changes: payload.changes },
    }),
  );
}

/** Run every enabled time rule of one workspace over its open subjects. */
export async function sweepTimeRules(ctx: AppContext, workspaceId: string): Promise<void> {
  const rules = await selectActiveRules(ctx.db, workspaceId, 'time');
  if (rules.length === 0) return;
  for (const adapter of subjectAdapters()) {
    for (const subjectId of await adapter.sweep(ctx, workspaceId)) {
      await runAutomation(ctx, { workspaceId, trigger: 'time', subjectType: adapter.type, subjectId, rules });
    }
  }
}

/**
 * Every 5 minutes: the `time` rules ("pending for more than 24 h → remind"),
 * over each workspace that has one. A time rule acts on a subject at most once a day.
 * `data.workspaceIds` limits a run to those workspaces.
 */
export const automationSweepJob: JobDefinition = {
  name: 'automation.time.sweep',
  cron: '*/5 * * * *',
  async run(ctx, data) {
    const only = (data as { workspaceIds?: string[] } | undefined)?.workspaceIds;
    const found = await selectWorkspacesWithTimeRules(ctx.db);
    for (const workspaceId of only ? found.filter((id) => only.includes(id)) : found) {
      await sweepTimeRules(ctx, workspaceId).catch((err: unknown) => ctx.log.error({ err, workspaceId }, 'automation sweep failed'));
    }
  },
};
