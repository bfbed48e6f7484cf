import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, query, type AuditEvent, type Items, type Page, type Role, type User } from '../api.ts';
import { PagedTable, usePagedList } from '../components/paged-list.tsx';
import { ErrorNote, PageHeader, roleLabel } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';

/** Actions the server records today; the filter offers these, the table shows any. */
const actions = [
  'session.created',
  'user.created',
  'user.invited',
  'user.updated',
  'user.role_changed',
  'user.password_changed',
  'invitation.revoked',
  'role.created',
  'role.updated',
  'role.deleted',
  'api_key.created',
  'api_key.revoked',
  'workspace.created',
  'workspace.updated',
  'contact.erased',
  'contact.export_requested',
  'contact.export_downloaded',
  'consent.granted',
  'consent.withdrawn',
  'retention.updated',
  'retention.applied',
] as const;

const PAGE_SIZE = 50;

/** A changed value as text; ids of known users and roles become their names. */
function show(value: unknown, names: Map<string, string>): string {
  if (value === undefined || value === null) return '—';
  const text = typeof value === 'string' ? (names.get(value) ?? value) : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** The fields an event changed, one line each: `field: before → after`. */
function Changes({ event, names }: { event: AuditEvent; names: Map<string, string> }) {
  const keys = [...new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})])];
  if (keys.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="changes">
      {keys.map((key) => (
        <li key={key}>
          <span className="mono muted">{key}</span>{' '}
          {event.before && key in event.before && <span className="old">{show(event.before[key], names)}</span>}
          {event.before && key in event.before && event.after && key in event.after && ' → '}
          {event.after && key in event.after && <span className="new">{show(event.after[key], names)}</span>}
        </li>
      ))}
    </ul>
  );
}

interface Filter {
  action: string;
  targetId: string;
}

/** Who did what, newest first, with filters and "load more". */
export function AuditPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSession();
  const [filter, setFilter] = useState<Filter>({ action: '', targetId: '' });
  const [draft, setDraft] = useState<Filter>(filter);
  const [names, setNames] = useState<Map<string, string>>(new Map());

  const fetchPage = useCallback(
    (after: string | null) =>
      api<Page<AuditEvent>>(
        'GET',
        `/api/v1/audit-events${query({ limit: PAGE_SIZE, cursor: after, action: filter.action, targetId: filter.targetId.trim() })}`,
      ),
    [filter],
  );

  const events = usePagedList(fetchPage);

  const canReadUsers = can('users.read');
  useEffect(() => {
    if (!canReadUsers) return;
    Promise.all([api<Page<User>>('GET', `/api/v1/users${query({ limit: 200 })}`), api<Items<Role>>('GET', '/api/v1/roles')]).then(
      ([users, roles]) =>
        setNames(new Map([...users.items.map((u) => [u.id, u.name] as const), ...roles.items.map((r) => [r.id, roleLabel(i18n, r)] as const)])),
      () => undefined,
    );
  }, [canReadUsers, i18n]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };

  const filterTarget = (targetId: string) => {
    const next = { ...filter, targetId };
    setDraft(next);
    setFilter(next);
  };

  const actor = (e: AuditEvent) => {
    if (e.actorType === 'system') return t('audit.system');
    if (e.actorType === 'api_key') return `${t('common.apiKey')} · ${e.actorId ?? ''}`;
    return (e.actorId && names.get(e.actorId)) ?? e.actorId ?? '—';
  };

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <form className="filters" onSubmit={apply}>
        <label className="field">
          <span>{t('audit.action')}</span>
          <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t('audit.allActions')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`audit.action.${a}` as const)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.targetId')}</span>
          <input
            value={draft.targetId}
            onChange={(e) => setDraft({ ...draft, targetId: e.target.value })}
            placeholder="usr_…"
            spellCheck={false}
            maxLength={64}
          />
        </label>
        <button type="submit" className="btn">
          {t('audit.apply')}
        </button>
      </form>
      <ErrorNote error={events.error} />
      <PagedTable
        list={events}
        className="table table-top"
        columns={[t('audit.time'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.changes')]}
        empty={t('audit.none')}
        row={(e) => (
          <tr key={e.id}>
            <td className="muted nowrap">{i18n.dateTime(e.createdAt)}</td>
            <td>
              <div>{actor(e)}</div>
              {e.ip && <div className="cell-sub mono">{e.ip}</div>}
            </td>
            <td>
              <div>{i18n.maybe(`audit.action.${e.action}`) ?? e.action}</div>
              <div className="cell-sub mono nowrap">{e.action}</div>
            </td>
            <td>
              <div>{e.targetType}</div>
              {e.targetId && (
                <button
                  type="button"
                  className="link-button mono small"
                  title={t('audit.filterTarget')}
                  onClick={() => filterTarget(e.targetId ?? '')}
                >
                  {e.targetId}
                </button>
              )}
            </td>
            <td>
              <Changes event={e} names={names} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
