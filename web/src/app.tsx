import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Layout, navItems } from './components/layout.tsx';
import { Loading } from './components/ui.tsx';
import { DirectoryProvider } from './console/directory.tsx';
import { InboxPage } from './console/inbox-page.tsx';
import { MentionsPage } from './console/mentions-page.tsx';
import { MentionsProvider } from './console/mentions.tsx';
import { KnowledgePage } from './knowledge/faq-page.tsx';
import { QueuePage } from './console/queue-page.tsx';
import { RealtimeProvider } from './console/realtime.tsx';
import { RoutingPage } from './console/routing-page.tsx';
import { AutomationPage } from './automation/automation-page.tsx';
import { EncryptionPage } from './encryption/encryption-page.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { GapPage } from './knowledge/gap-page.tsx';
import { FeedbackPage } from './feedback/feedback-page.tsx';
import { SurveySettingsPage } from './feedback/settings-page.tsx';
import { PrivacySettingsPage } from './privacy/settings-page.tsx';
import { TasksPage } from './tasks/tasks-page.tsx';
import { SlaNotices } from './sla/sla-notices.tsx';
import { TaskCountsProvider } from './tasks/task-counts.tsx';
import { ArticlesPage } from './knowledge/article-list.tsx';
import { ImportPage } from './knowledge/import-page.tsx';
import { AcceptInvitePage } from './pages/accept-invite.tsx';
import { AccountPage } from './pages/account.tsx';
import { ApiKeysPage } from './pages/api-keys.tsx';
import { AuditPage } from './pages/audit.tsx';
import { RetentionPage } from './data-rights/retention-page.tsx';
import { LoginPage } from './pages/login.tsx';
import { RolesPage } from './pages/roles.tsx';
import { TeamPage } from './pages/team.tsx';
import { WorkspacePage } from './pages/workspace.tsx';
import { SlaPage } from './sla/sla-page.tsx';
import { navigate, useLocation } from './router.tsx';
import { TicketListPage } from './tickets/ticket-list-page.tsx';
import { TicketPage } from './tickets/ticket-page.tsx';
import { TicketSettingsPage } from './tickets/ticket-settings-page.tsx';
import { SessionProvider, useSession, type Permission } from './session.tsx';

// Loaded on first visit: the graph page brings ECharts, which the rest of the console does not need.
const GraphPage = lazy(() => import('./knowledge/graph-page.tsx').then((m) => ({ default: m.GraphPage })));

const pages: Record<string, () => ReactNode> = {
  '/inbox': () => <InboxPage />,
  '/queue': () => <QueuePage />,
  '/mentions': () => <MentionsPage />,
  '/tickets': () => <TicketListPage />,
  '/ticket-settings': () => <TicketSettingsPage />,
  '/routing': () => <RoutingPage />,
  '/automation': () => <AutomationPage />,
  '/encryption': () => <EncryptionPage />,
  '/knowledge/gaps': () => <GapPage />,
  '/knowledge/articles': () => <ArticlesPage />,
  '/knowledge/graph': () => (
    <Suspense fallback={<Loading />}>
      <GraphPage />
    </Suspense>
  ),
  '/knowledge': () => <KnowledgePage />,
  '/knowledge/import': () => <ImportPage />,
  '/tasks': () => <TasksPage />,
  '/feedback': () => <FeedbackPage />,
  '/feedback/settings': () => <SurveySettingsPage />,
  '/team': () => <TeamPage />,
  '/roles': () => <RolesPage />,
  '/api-keys': () => <ApiKeysPage />,
  '/audit': () => <AuditPage />,
  '/retention': () => <RetentionPage />,
  '/privacy': () => <PrivacySettingsPage />,
  '/sla': () => <SlaPage />,
  '/workspace': () => <WorkspacePage />,
  '/account': () => <AccountPage />,
};

/** The first section this role may open: the inbox for people who handle conversations, the account page for everyone. */
export function homePath(can: (permission: Permission) => boolean): string {
  return navItems.find((item) => !item.needs || can(item.needs))?.to ?? '/account';
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Message({ text }: { text: string }) {
  return <div className="empty-page muted">{text}</div>;
}

function SignedIn() {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'anonymous') {
    const here = path === '/' ? '' : `?next=${encodeURIComponent(path + window.location.search)}`;
    return <Redirect to={`/login${here}`} />;
  }
  if (path === '/') return <Redirect to={homePath(session.can)} />;
  // /inbox/conv_… is the inbox with that conversation open.
  const section = path.startsWith('/inbox/') ? '/inbox' : path.startsWith('/tickets/') ? '/tickets' : path;
  // /tickets/tkt_… is one ticket.
  const ticketId = path.startsWith('/tickets/') ? decodeURIComponent(path.slice('/tickets/'.length)) : null;
  const page = ticketId ? () => <TicketPage id={ticketId} /> : pages[section];
  const item = navItems.find((n) => n.to === section);
  let body: ReactNode;
  if (!page) body = <Message text={t('common.pageNotFound')} />;
  else if (item?.needs && !session.can(item.needs)) body = <Message text={t('common.noAccess')} />;
  else body = page();
  return (
    <RealtimeProvider enabled={session.can('conversations.read')}>
      <DirectoryProvider>
        <MentionsProvider>
          <TaskCountsProvider>
            <Layout full={section === '/inbox' && Boolean(page)}>{body}</Layout>
            <SlaNotices />
          </TaskCountsProvider>
        </MentionsProvider>
      </DirectoryProvider>
    </RealtimeProvider>
  );
}

function Routes() {
  const { path } = useLocation();
  if (path === '/login') return <LoginPage />;
  if (path === '/accept-invite') return <AcceptInvitePage />;
  return <SignedIn />;
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </I18nProvider>
  );
}
