import { PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, useLocation } from '../router.tsx';
import { useDirectory } from './directory.tsx';
import { RoutingAgents } from './routing-agents.tsx';
import { RoutingRules } from './routing-rules.tsx';
import { RoutingTeams } from './routing-teams.tsx';

const tabs = ['agents', 'teams', 'rules'] as const;
type Tab = (typeof tabs)[number];

/** Admin: agents' skills and capacity, teams, and routing rules per inbox — one page, three tabs. */
export function RoutingPage() {
  const { t } = useI18n();
  const { routing } = useDirectory();
  const { query } = useLocation();
  const requested = query.get('tab');
  const tab: Tab = tabs.includes(requested as Tab) ? (requested as Tab) : 'agents';
  return (
    <>
      <PageHeader title={t('routing.title')} description={t('routing.description')} />
      {routing === 'off' && <p className="note note-warn">{t('routing.unavailable')}</p>}
      <nav className="page-tabs" aria-label={t('routing.title')}>
        {tabs.map((k) => (
          <Link key={k} to={`/routing?tab=${k}`} className={tab === k ? 'on' : undefined} aria-current={tab === k ? 'page' : undefined}>
            {t(`routing.tab.${k}` as const)}
          </Link>
        ))}
      </nav>
      {tab === 'agents' && <RoutingAgents />}
      {tab === 'teams' && <RoutingTeams />}
      {tab === 'rules' && <RoutingRules />}
    </>
  );
}
