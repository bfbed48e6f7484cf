import { useCallback, useEffect, useRef, useState } from 'react';
import { PagedTable, usePagedList } from '../components/paged-list.tsx';
import { ErrorNote, PageHeader } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { defaultFilter, listParams, matches, upsert, type ListFilter } from './list-query.ts';
import { SlaBadge } from '../sla/sla-badge.tsx';
import type { TicketSla } from '../sla/types.ts';
import { categoryPath, relativeTime, ticketApi } from './ticket-api.ts';
import { PriorityBadge, StatusBadge, useTicketConfig, useTicketEvents } from './ticket-bits.tsx';
import { TicketCreateDialog } from './ticket-create-dialog.tsx';
import { TicketListControls } from './ticket-list-controls.tsx';
import './tickets.css';

const PAGE_SIZE = 25;
const FILTER_KEY = 'kefu.tickets.filter';

function savedFilter(): ListFilter {
  try {
    return { ...defaultFilter, ...(JSON.parse(window.sessionStorage.getItem(FILTER_KEY) ?? '{}') as Partial<ListFilter>) };
  } catch {
    return defaultFilter;
  }
}

/** True while the person types somewhere: j/k must not fire then. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * /tickets: views (mine, unassigned, my team, all), status tabs, filters and
 * search over the keyset-paginated list; follows ticket events live and
 * moves with j/k, Enter opens — as the inbox does.
 */
export function TicketListPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me, can } = useSession();
  const directory = useDirectory();
  const { categories } = useTicketConfig();
  const [filter, setFilterState] = useState<ListFilter>(savedFilter);
  const [selected, setSelected] = useState(0);
  const [creating, setCreating] = useState(false);
  const [, setTick] = useState(0);
  const meId = me?.user?.id;
  const myTeamId = directory.myTeams[0]?.id ?? null;
  const rows = useRef<HTMLTableSectionElement>(null);

  const setFilter = (next: ListFilter) => {
    window.sessionStorage.setItem(FILTER_KEY, JSON.stringify(next));
    setFilterState(next);
    setSelected(0);
  };
  const params = JSON.stringify(listParams(filter, myTeamId));

  const fetchPage = useCallback((after: string | null) => ticketApi.list({ ...JSON.parse(params), limit: PAGE_SIZE, cursor: after }), [params]);

  // The old rows stay while a new filter's first page loads; live events keep them current.
  const tickets = usePagedList(fetchPage, { keepWhileLoading: true });
  const { items, setItems } = tickets;

  // "3 分钟前" stays true: re-render once a minute.
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  useTicketEvents((event) => {
    const ticket = event.ticket;
    const fits = matches(ticket, filter, meId, myTeamId, categories);
    setItems((list) => {
      if (!list) return list;
      const known = list.find((row) => row.id === ticket.id);
      if (!fits) return known ? list.filter((row) => row.id !== ticket.id) : list;
      if (known) return upsert(list, ticket, known.contact);
      return list;
    });
    if (fits && !items?.some((row) => row.id === ticket.id)) {
      // A ticket new to this list: read it once with its requester.
      ticketApi.list({ ...JSON.parse(params), q: ticket.number, limit: 1 }).then(
        (page) => {
          const row = page.items[0];
          if (row) setItems((list) => (list ? upsert(list, row, row.contact) : list));
        },
        () => undefined,
      );
    }
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target) || document.querySelector('.modal-backdrop')) return;
      if (!items?.length) return;
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const next = Math.max(0, Math.min(items.length - 1, selected + (event.key === 'j' ? 1 : -1)));
        setSelected(next);
        rows.current?.children[next]?.scrollIntoView({ block: 'nearest' });
      } else if (event.key === 'Enter' && items[selected]) {
        event.preventDefault();
        navigate(`/tickets/${items[selected].id}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected]);

  return (
    <div className="tickets-page">
      <PageHeader
        title={t('tickets.title')}
        actions={
          <>
            {can('tickets.configure') && (
              <Link to="/ticket-settings" className="btn">
                {t('tickets.settings')}
              </Link>
            )}
            {can('tickets.manage') && (
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                {t('tickets.create')}
              </button>
            )}
          </>
        }
      />
      <TicketListControls filter={filter} setFilter={setFilter} categories={categories} />
      <ErrorNote error={tickets.error} />
      {filter.view === 'team' && !myTeamId && !filter.teamId && <div className="note note-warn">{t('tickets.noTeamOfMine')}</div>}
      <PagedTable
        list={tickets}
        className="table ticket-table"
        bodyRef={rows}
        columns={[
          t('tickets.number'),
          t('tickets.subject'),
          t('tickets.requester'),
          t('tickets.category'),
          t('tickets.priority'),
          t('tickets.status'),
          t('tickets.assignee'),
          t('tickets.updated'),
          t('tickets.due'),
        ]}
        empty={t('tickets.none')}
        row={(ticket, index) => (
          <tr
            key={ticket.id}
            data-id={ticket.id}
            className={index === selected ? 'ticket-row selected' : 'ticket-row'}
            onClick={() => navigate(`/tickets/${ticket.id}`)}
          >
            <td className="mono nowrap">{ticket.number}</td>
            <td className="ticket-subject">
              <Link to={`/tickets/${ticket.id}`} onClick={(e) => e.stopPropagation()}>
                {ticket.subject}
              </Link>
            </td>
            <td>{ticket.contact.name ?? ticket.contact.email ?? t('customer.visitor')}</td>
            <td className="muted small">{categoryPath(i18n, categories, ticket.categoryId) || '—'}</td>
            <td>
              <PriorityBadge priority={ticket.priority} />
            </td>
            <td>
              <StatusBadge status={ticket.status} />
            </td>
            <td>{directory.userName(ticket.assigneeId) ?? <span className="muted">{t('tickets.nobody')}</span>}</td>
            <td className="muted nowrap" title={i18n.dateTime(ticket.updatedAt)}>
              {relativeTime(i18n, ticket.updatedAt)}
            </td>
            <td className="nowrap">
              <SlaBadge sla={ticket.sla as unknown as TicketSla} />
            </td>
          </tr>
        )}
      />
      <p className="muted small ticket-keys">{t('tickets.keys')}</p>
      {creating && <TicketCreateDialog onClose={() => setCreating(false)} onCreated={(ticket) => navigate(`/tickets/${ticket.id}`)} />}
    </div>
  );
}
