import type { AppContext } from '../../context.ts';
import { topics } from '../../realtime/hub.ts';
import { presentTask } from './present.ts';

/** A new task reaches every online console of the workspace (`task.created` on the agent socket). */
export function registerTaskListeners(ctx: AppContext): void {
  ctx.bus.on('task.created', ({ payload }) => {
    ctx.realtime.publish(topics.workspace(payload.workspaceId), { type: 'task.created', task: presentTask(payload.task) });
  });
}
