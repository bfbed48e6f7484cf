import { z } from 'zod';
import { isoDate } from '../../lib/http.ts';
import { taskSources, taskStatuses, type TaskRow } from './schema.ts';

export const taskView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  status: z.enum(taskStatuses),
  source: z.enum(taskSources),
  dueAt: z.string().nullable(),
  overdue: z.boolean().describe('Open and past its due time'),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  ticketId: z.string().nullable(),
  conversationId: z.string().nullable(),
  contactId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdBy: z.string().nullable(),
  doneBy: z.string().nullable(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TaskView = z.infer<typeof taskView>;

/** The API shape of a task; `now` decides `overdue`. */
export function presentTask(row: TaskRow, now = new Date()): TaskView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    status: row.status,
    source: row.source,
    dueAt: isoDate(row.dueAt),
    overdue: row.status === 'open' && row.dueAt !== null && row.dueAt < now,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    ticketId: row.ticketId,
    conversationId: row.conversationId,
    contactId: row.contactId,
    data: row.data,
    createdBy: row.createdBy,
    doneBy: row.doneBy,
    doneAt: isoDate(row.doneAt),
    createdAt: row.createdAt.toISOString(),
  };
}
