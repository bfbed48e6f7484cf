import { api, query } from '../api.ts';

/** The shapes of /api/v1/tasks (see server/modules/tasks/present.ts). */

export type TaskView = 'mine' | 'team' | 'all';
export type TaskState = 'open' | 'overdue' | 'done';
export const taskViews: readonly TaskView[] = ['mine', 'team', 'all'];
export const taskStates: readonly TaskState[] = ['open', 'overdue', 'done'];

export interface Task {
  id: string;
  title: string;
  body: string;
  status: 'open' | 'done' | 'cancelled';
  source: 'survey' | 'automation' | 'sla' | 'user';
  dueAt: string | null;
  overdue: boolean;
  assigneeId: string | null;
  teamId: string | null;
  ticketId: string | null;
  conversationId: string | null;
  contactId: string | null;
  data: Record<string, unknown>;
  doneBy: string | null;
  doneAt: string | null;
  createdAt: string;
}

export interface TaskCounts {
  open: number;
  overdue: number;
  mineOverdue: number;
}

export const listTasks = (view: TaskView, state: TaskState) => api<{ items: Task[] }>('GET', `/api/v1/tasks${query({ view, state })}`);
export const taskCounts = () => api<TaskCounts>('GET', '/api/v1/tasks/counts');
export const completeTask = (id: string, note: string) => api<Task>('POST', `/api/v1/tasks/${id}/done`, { note });
export const reassignTask = (id: string, body: { assigneeId?: string | null; teamId?: string | null }) =>
  api<Task>('POST', `/api/v1/tasks/${id}/reassign`, body);
