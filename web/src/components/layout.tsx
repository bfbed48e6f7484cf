import type { ReactNode } from 'react';
import { InboxNav } from '../console/inbox-nav.tsx';
import { useMentions } from '../console/mentions.tsx';
import { PresenceSwitch } from '../console/presence-switch.tsx';
import { useTaskCounts } from '../tasks/task-counts.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, useLocation } from '../router.tsx';
import { useSession, type Permission } from '../session.tsx';
import { Icon, type IconName } from './icons.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { roleLabel } from './ui.tsx';

interface NavItem {
  to: string;
  label: MessageKey;
  icon: IconName;
  needs?: Permission;
  /** Shown, indented, only inside its parent section. */
  parent?: string;
}

/** The console's sections, each shown only to roles holding its permission. */
export const navItems: readonly NavItem[] = [
  { to: '/inbox', label: 'nav.inbox', icon: 'inbox', needs: 'conversations.read' },
  { to: '/queue', label: 'nav.queue', icon: 'queue', needs: 'conversations.read' },
  { to: '/mentions', label: 'nav.mentions', icon: 'mention', needs: 'conversations.read' },
  { to: '/tickets', label: 'nav.tickets', icon: 'ticket', needs: 'tickets.read' },
  { to: '/routing', label: 'nav.routing', icon: 'routing', needs: 'routing.manage' },
  { to: '/automation', label: 'nav.automation', icon: 'automation', needs: 'automation.manage' },
  { to: '/knowledge', label: 'nav.knowledge', icon: 'knowledge', needs: 'knowledge.read' },
  { to: '/knowledge/gaps', label: 'nav.knowledgeGaps', icon: 'docs', needs: 'knowledge.read', parent: '/knowledge' },
  { to: '/knowledge/articles', label: 'nav.articles', icon: 'docs', needs: 'knowledge.read', parent: '/knowledge' },
  { to: '/knowledge/graph', label: 'nav.knowledgeGraph', icon: 'graph', needs: 'knowledge.read', parent: '/knowledge' },
  { to: '/knowledge/import', label: 'nav.knowledgeImport', icon: 'docs', needs: 'knowledge.manage', parent: '/knowledge' },
  { to: '/tasks', label: 'nav.tasks', icon: 'task', needs: 'tasks.read' },
  { to: '/feedback', label: 'nav.feedback', icon: 'star', needs: 'feedback.read' },
  { to: '/feedback/settings', label: 'nav.feedbackSettings', icon: 'star', needs: 'feedback.manage', parent: '/feedback' },
  { to: '/team', label: 'nav.team', icon: 'team', needs: 'users.read' },
  { to: '/roles', label: 'nav.roles', icon: 'roles', needs: 'roles.manage' },
  { to: '/api-keys', label: 'nav.apiKeys', icon: 'key', needs: 'api_keys.manage' },
  { to: '/audit', label: 'nav.audit', icon: 'audit', needs: 'audit.read' },
  { to: '/retention', label: 'nav.retention', icon: 'audit', needs: 'privacy.manage' },
  { to: '/privacy', label: 'nav.privacy', icon: 'key', needs: 'privacy.manage' },
  { to: '/sla', label: 'nav.sla', icon: 'queue', needs: 'sla.manage' },
  { to: '/workspace', label: 'nav.workspace', icon: 'workspace', needs: 'workspace.read' },
  { to: '/encryption', label: 'nav.encryption', icon: 'key', needs: 'workspace.manage', parent: '/workspace' },
  { to: '/ticket-settings', label: 'nav.ticketSettings', icon: 'ticket', needs: 'tickets.configure' },
  { to: '/account', label: 'nav.account', icon: 'account' },
];

/** The signed-in frame: sidebar (presence, sections, the inbox's views) and the page; `full` gives the page the whole width and height. */
export function Layout({ children, full = false }: { children: ReactNode; full?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me, can, signOut } = useSession();
  const { path } = useLocation();
  const mentions = useMentions();
  const taskCounts = useTaskCounts();
  if (!me) return null;
  const visible = navItems.filter((item) => (!item.needs || can(item.needs)) && (!item.parent || path.startsWith(item.parent)));
  // The deepest section the path is in: /knowledge/graph marks "Knowledge graph", not also "Knowledge".
  const activeTo = visible
    .filter((item) => path === item.to || path.startsWith(`${item.to}/`))
    .reduce<string | undefined>((best, item) => (best && best.length >= item.to.length ? best : item.to), undefined);
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-workspace" title={me.workspace.slug}>
              {me.workspace.name}
            </div>
          </div>
        </div>
        <PresenceSwitch />
        <nav className="nav" aria-label={t('nav.label')}>
          {visible.map((item) => (
            <div key={item.to}>
              <Link
                to={item.to}
                className={`nav-item${item.parent ? ' nav-sub' : ''}${item.to === activeTo ? ' active' : ''}`}
                aria-current={path === item.to ? 'page' : undefined}
              >
                <Icon name={item.icon} />
                <span>{t(item.label)}</span>
                {item.to === '/tasks' && taskCounts.counts && taskCounts.counts.overdue > 0 && (
                  <span className="nav-count" data-testid="tasks-overdue" aria-label={t('nav.tasksOverdue', { n: taskCounts.counts.overdue })}>
                    {taskCounts.counts.overdue}
                  </span>
                )}
                {item.to === '/mentions' && mentions.unreadIds.size > 0 && (
                  <span className="nav-count" aria-label={t('mentions.unreadCount', { n: mentions.unreadIds.size })}>
                    {mentions.unreadIds.size}
                  </span>
                )}
              </Link>
              {item.to === '/inbox' && path.startsWith('/inbox') && <InboxNav />}
            </div>
          ))}
          <a className="nav-item" href="/api/docs" target="_blank" rel="noreferrer">
            <Icon name="docs" />
            <span>{t('nav.apiDocs')}</span>
            <span className="nav-external">
              <Icon name="external" size={13} />
            </span>
          </a>
        </nav>
        <div className="sidebar-foot">
          <LanguageSwitch />
          <div className="me">
            <div className="avatar" aria-hidden="true">
              {(Array.from(me.user?.name ?? '?')[0] ?? '?').toUpperCase()}
            </div>
            <div className="me-text">
              <div className="me-name">{me.user?.name ?? t('common.apiKey')}</div>
              <div className="me-role">{roleLabel(i18n, me.role)}</div>
            </div>
            <button type="button" className="icon-button" onClick={() => void signOut()} title={t('nav.signOut')} aria-label={t('nav.signOut')}>
              <Icon name="logout" />
            </button>
          </div>
        </div>
      </aside>
      <main className={full ? 'content content-full' : 'content'}>{children}</main>
    </div>
  );
}
