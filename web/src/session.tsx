import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthorized, tokenStore, type Me } from './api.ts';
import { useI18n } from './i18n/index.tsx';
import { navigate } from './router.tsx';

/** Every permission a role can hold, in the order the roles page lists them (server/lib/permissions.ts). */
export const permissions = [
  'workspace.read',
  'workspace.manage',
  'users.read',
  'users.manage',
  'roles.manage',
  'api_keys.manage',
  'audit.read',
  'inboxes.manage',
  'contacts.read',
  'contacts.manage',
  'conversations.read',
  'conversations.manage',
  'messages.send',
  'knowledge.read',
  'knowledge.manage',
  'bot.manage',
  'routing.read',
  'routing.manage',
  'tickets.read',
  'tickets.manage',
  'tickets.configure',
  'sla.manage',
  'automation.manage',
  'feedback.read',
  'feedback.manage',
  'tasks.read',
  'tasks.manage',
  'privacy.manage',
  'pii.reveal',
] as const;

export type Permission = (typeof permissions)[number];

export interface Session {
  /** `loading` while /auth/me is on its way; `anonymous` without a valid token. */
  status: 'loading' | 'anonymous' | 'ready';
  me: Me | null;
  can: (permission: Permission) => boolean;
  signIn: (token: string) => Promise<void>;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

function loginPath(): string {
  const here = window.location.pathname + window.location.search;
  return here === '/' || here.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { suggest } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<Session['status']>(() => (tokenStore.get() ? 'loading' : 'anonymous'));

  const reload = useCallback(async () => {
    if (!tokenStore.get()) {
      setMe(null);
      setStatus('anonymous');
      return;
    }
    try {
      const next = await api<Me>('GET', '/api/v1/auth/me');
      setMe(next);
      setStatus('ready');
      if (next.user) suggest(next.user.locale);
    } catch {
      setMe(null);
      setStatus('anonymous');
    }
  }, [suggest]);

  useEffect(() => {
    onUnauthorized(() => {
      tokenStore.clear();
      setMe(null);
      setStatus('anonymous');
      navigate(loginPath(), { replace: true });
    });
    void reload();
  }, [reload]);

  const value = useMemo<Session>(
    () => ({
      status,
      me,
      can: (permission) => me?.role.permissions.includes(permission) ?? false,
      signIn: async (token) => {
        tokenStore.set(token);
        setStatus('loading');
        await reload();
      },
      signOut: async () => {
        await api('POST', '/api/v1/auth/logout').catch(() => undefined);
        tokenStore.clear();
        setMe(null);
        setStatus('anonymous');
        navigate('/login');
      },
      reload,
    }),
    [status, me, reload],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
