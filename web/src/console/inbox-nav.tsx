import { useI18n } from '../i18n/index.tsx';
import { Link, useLocation } from '../router.tsx';
import { useKnownLabels } from './cache.ts';
import { useDirectory } from './directory.tsx';
import { filterFromQuery, filterToQuery, type ListFilter } from './list-filter.ts';

/**
 * Under "Inbox" in the sidebar: every conversation, one entry per inbox
 * (channel), the agent's teams (the "Team" view of each) and the labels seen
 * so far — each a filter kept in the address.
 */
export function InboxNav() {
  const { t, maybe } = useI18n();
  const directory = useDirectory();
  const labels = useKnownLabels();
  const { query } = useLocation();
  const filter = filterFromQuery(query);
  const to = (patch: Partial<ListFilter>) => `/inbox${filterToQuery({ ...filter, ...patch })}`;
  const item = (key: string, label: string, active: boolean, href: string, hint?: string) => (
    <Link key={key} to={href} className={active ? 'subnav-item active' : 'subnav-item'} aria-current={active ? 'page' : undefined} title={hint}>
      {label}
    </Link>
  );
  return (
    <div className="subnav">
      {item('all', t('inboxNav.all'), !filter.inboxId && !filter.label, to({ inboxId: null, label: null }))}
      {directory.inboxes.length > 0 && <div className="subnav-head">{t('inboxNav.inboxes')}</div>}
      {directory.inboxes.map((inbox) =>
        item(inbox.id, inbox.name, filter.inboxId === inbox.id, to({ inboxId: inbox.id }), maybe(`channel.${inbox.channel}`) ?? inbox.channel),
      )}
      {directory.myTeams.length > 0 && <div className="subnav-head">{t('inboxNav.teams')}</div>}
      {directory.myTeams.map((team) =>
        item(`team:${team.id}`, team.name, filter.view === 'team' && filter.teamId === team.id, to({ view: 'team', teamId: team.id })),
      )}
      {labels.length > 0 && <div className="subnav-head">{t('inboxNav.labels')}</div>}
      {labels.map((label) => item(`label:${label}`, `# ${label}`, filter.label === label, to({ label: filter.label === label ? null : label })))}
    </div>
  );
}
