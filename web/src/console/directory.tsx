import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, query, type Items, type Page, type User } from '../api.ts';
import { useSession } from '../session.tsx';
import type { Inbox, Presence, RoutingMe, Team } from './model.ts';
import { useRealtimeEvents } from './realtime.tsx';

/** `off` when this server has no routing API (404) or the role may not read it (403). */
export type RoutingAvailability = 'unknown' | 'on' | 'off';

export interface Directory {
  users: User[];
  userName: (id: string | null | undefined) => string | null;
  inboxes: Inbox[];
  inbox: (id: string) => Inbox | undefined;
  teams: Team[];
  /** The teams this agent belongs to (the "Team" view lists their conversations). */
  myTeams: Team[];
  teamName: (id: string | null | undefined) => string | null;
  routing: RoutingAvailability;
  /** This agent's routing state (presence, capacity, load), when routing is on. */
  mine: RoutingMe | null;
  setPresence: (presence: Presence) => Promise<void>;
  reload: () => void;
}

const DirectoryContext = createContext<Directory | null>(null);

/** True for the answers that mean "this server or role has no such feature", as opposed to a failure. */
export function isAbsent(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 403);
}

async function allUsers(): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 5; page++) {
    const batch: Page<User> = await api<Page<User>>('GET', `/api/v1/users${query({ limit: 200, cursor })}`);
    users.push(...batch.items);
    cursor = batch.nextCursor;
    if (!cursor) break;
  }
  return users;
}

/**
 * Who and what the console names everywhere: members, inboxes, teams, and
 * this agent's routing state. Loaded once per session; each part fails
 * alone (an agent without `users.read` still gets inboxes).
 */
export function DirectoryProvider({ children }: { children: ReactNode }) {
  const { me, can } = useSession();
  const [users, setUsers] = useState<User[]>([]);
  const [inboxes, setInboxes] = useState<Inbox[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [mine, setMine] = useState<RoutingMe | null>(null);
  const [routing, setRouting] = useState<RoutingAvailability>('unknown');
  const [round, setRound] = useState(0);
  const reads = can('conversations.read');
  const readsUsers = can('users.read');

  useEffect(() => {
    if (!reads) return;
    let live = true;
    const keep =
      <T,>(set: (value: T) => void) =>
      (value: T) => {
        if (live) set(value);
      };
    if (readsUsers) void allUsers().then(keep(setUsers), () => undefined);
    void api<Items<Inbox>>('GET', '/api/v1/inboxes').then(
      keep((r: Items<Inbox>) => setInboxes(r.items)),
      () => undefined,
    );
    void api<RoutingMe>('GET', '/api/v1/routing/me').then(
      keep((r: RoutingMe) => {
        setMine(r);
        setRouting('on');
      }),
      keep((err: unknown) => setRouting(isAbsent(err) ? 'off' : 'unknown')),
    );
    void api<Items<Team>>('GET', '/api/v1/routing/teams').then(
      keep((r: Items<Team>) => setTeams(r.items)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [reads, readsUsers, round]);

  // This agent's load changes when a conversation of theirs is assigned, transferred or resolved: re-read it, at most once a second.
  const loadTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(loadTimer.current), []);
  const refreshLoad = () => {
    if (loadTimer.current !== undefined) return;
    loadTimer.current = window.setTimeout(() => {
      loadTimer.current = undefined;
      api<RoutingMe>('GET', '/api/v1/routing/me').then(setMine, () => undefined);
    }, 1000);
  };

  useRealtimeEvents((event) => {
    const myId = me?.user?.id;
    if (event.type === 'agent.presence_changed' && event.userId === myId) setMine((m) => (m ? { ...m, presence: event.presence } : m));
    if (event.type === 'ready' && event.reconnected) setRound((r) => r + 1);
    if (routing !== 'on' || !myId) return;
    if (event.type === 'conversation.assigned' && (event.assigneeId === myId || event.previousAssigneeId === myId)) refreshLoad();
    if (event.type === 'conversation.updated' && event.conversation.assigneeId === myId) refreshLoad();
  });

  const setPresence = useCallback(async (presence: Presence) => {
    setMine(await api<RoutingMe>('PUT', '/api/v1/routing/me/presence', { presence }));
  }, []);

  const value = useMemo<Directory>(() => {
    const userById = new Map(users.map((u) => [u.id, u]));
    const inboxById = new Map(inboxes.map((i) => [i.id, i]));
    const teamById = new Map(teams.map((t) => [t.id, t]));
    return {
      users,
      userName: (id) => (id ? (userById.get(id)?.name ?? null) : null),
      inboxes,
      inbox: (id) => inboxById.get(id),
      teams,
      myTeams: teams.filter((t) => me?.user && t.memberIds.includes(me.user.id)),
      teamName: (id) => (id ? (teamById.get(id)?.name ?? null) : null),
      routing,
      mine,
      setPresence,
      reload: () => setRound((r) => r + 1),
    };
  }, [users, inboxes, teams, routing, mine, setPresence, me]);

  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export function useDirectory(): Directory {
  const value = useContext(DirectoryContext);
  if (!value) throw new Error('useDirectory outside DirectoryProvider');
  return value;
}
