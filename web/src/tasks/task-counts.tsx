import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useRealtimeEvents } from '../console/realtime.tsx';
import { useSession } from '../session.tsx';
import { taskCounts, type TaskCounts } from './tasks-api.ts';

interface TaskCountsState {
  counts: TaskCounts | null;
  /** The newest task heard on the socket (the Tasks page shows it without a reload). */
  latestId: string | null;
  refresh: () => void;
}

const Context = createContext<TaskCountsState>({ counts: null, latestId: null, refresh: () => undefined });
const REFRESH_MS = 60_000;

/**
 * Open and overdue task counts for the nav badge: loaded on sign-in, every
 * minute (tasks become overdue by the clock) and whenever the console socket
 * says `task.created`.
 */
export function TaskCountsProvider({ children }: { children: ReactNode }) {
  const { can } = useSession();
  const enabled = can('tasks.read');
  const [counts, setCounts] = useState<TaskCounts | null>(null);
  const [latestId, setLatestId] = useState<string | null>(null);
  const refresh = useCallback(() => {
    if (enabled) taskCounts().then(setCounts, () => undefined);
  }, [enabled]);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);
  useRealtimeEvents((event) => {
    const e = event as { type: string; task?: { id: string } };
    if (e.type !== 'task.created') return;
    setLatestId(e.task?.id ?? null);
    refresh();
  });
  return <Context.Provider value={{ counts, latestId, refresh }}>{children}</Context.Provider>;
}

export function useTaskCounts(): TaskCountsState {
  return useContext(Context);
}
