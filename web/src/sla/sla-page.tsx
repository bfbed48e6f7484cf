import { useCallback, useState } from 'react';
import { api, type Items } from '../api.ts';
import { ConfirmButton, ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { CalendarEditor } from './calendar-editor.tsx';
import { PolicyEditor } from './policy-editor.tsx';
import { formatMinutes } from './sla-badge.tsx';
import './sla.css';
import type { BusinessCalendar, SlaPolicy } from './types.ts';

/** /sla: SLA policies (first enabled match wins) and the business calendars their clocks count on. */
export function SlaPage() {
  const { t } = useI18n();
  const load = useCallback(async () => {
    const [policies, calendars] = await Promise.all([
      api<Items<SlaPolicy>>('GET', '/api/v1/sla/policies'),
      api<Items<BusinessCalendar>>('GET', '/api/v1/sla/calendars'),
    ]);
    return { policies: policies.items, calendars: calendars.items };
  }, []);
  const { data, error, reload } = useLoad(load);
  const [editingPolicy, setEditingPolicy] = useState<SlaPolicy | 'new' | null>(null);
  const [editingCalendar, setEditingCalendar] = useState<BusinessCalendar | 'new' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const remove = async (path: string) => {
    setActionError(null);
    try {
      await api('DELETE', path);
      reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const calendarName = (id: string | null) => (id ? (data?.calendars.find((c) => c.id === id)?.name ?? id) : t('sla.allDay'));
  const target = (m: number | undefined) => (m == null ? '—' : formatMinutes(t, m));
  const conditions = (p: SlaPolicy) =>
    [
      p.conditions.priorities?.map((x) => t(`sla.priority.${x}`)).join(' / '),
      p.conditions.tiers?.length ? `${t('sla.policy.tiers')}: ${p.conditions.tiers.join(', ')}` : '',
      p.conditions.categoryIds?.length ? t('sla.policy.categories', { n: p.conditions.categoryIds.length }) : '',
    ]
      .filter(Boolean)
      .join(' · ') || t('sla.policy.allTickets');

  return (
    <>
      <PageHeader
        title={t('sla.title')}
        description={t('sla.description')}
        actions={
          <button type="button" className="btn btn-primary" disabled={!data} onClick={() => setEditingPolicy('new')}>
            {t('sla.policy.new')}
          </button>
        }
      />
      <ErrorNote error={error ?? actionError} />
      {!data && !error && <Loading />}
      {data && (
        <section className="section">
          <h2>{t('sla.policies')}</h2>
          {data.policies.length === 0 ? (
            <div className="card empty muted">{t('sla.policy.none')}</div>
          ) : (
            <div className="card">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('sla.name')}</th>
                    <th>{t('sla.policy.appliesTo')}</th>
                    <th>{t('sla.target.first_response')}</th>
                    <th>{t('sla.target.next_response')}</th>
                    <th>{t('sla.target.resolution')}</th>
                    <th>{t('sla.policy.calendar')}</th>
                    <th className="actions-col" aria-label={t('common.actions')} />
                  </tr>
                </thead>
                <tbody>
                  {data.policies.map((p) => (
                    <tr key={p.id} className={p.enabled ? undefined : 'muted'}>
                      <td>
                        <div className="cell-title">{p.name}</div>
                        {!p.enabled && <small className="muted">{t('sla.policy.disabled')}</small>}
                      </td>
                      <td>{conditions(p)}</td>
                      <td>{target(p.targets.firstResponse)}</td>
                      <td>{target(p.targets.nextResponse)}</td>
                      <td>{target(p.targets.resolution)}</td>
                      <td>{calendarName(p.calendarId)}</td>
                      <td className="actions-col">
                        <button type="button" className="btn btn-small btn-quiet" onClick={() => setEditingPolicy(p)}>
                          {t('common.edit')}
                        </button>
                        <ConfirmButton
                          label={t('common.delete')}
                          confirmLabel={t('common.confirmDelete')}
                          onConfirm={() => void remove(`/api/v1/sla/policies/${encodeURIComponent(p.id)}`)}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {data && (
        <section className="section">
          <h2>{t('sla.calendars')}</h2>
          <div className="card">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('sla.name')}</th>
                  <th>{t('sla.calendar.timezone')}</th>
                  <th>{t('sla.calendar.holidays')}</th>
                  <th>{t('sla.calendar.workdays')}</th>
                  <th className="actions-col" aria-label={t('common.actions')} />
                </tr>
              </thead>
              <tbody>
                {data.calendars.map((c) => (
                  <tr key={c.id}>
                    <td className="cell-title">{c.name}</td>
                    <td className="mono">{c.timezone}</td>
                    <td>{c.holidays.length}</td>
                    <td>{c.workdays.length}</td>
                    <td className="actions-col">
                      <button type="button" className="btn btn-small btn-quiet" onClick={() => setEditingCalendar(c)}>
                        {t('common.edit')}
                      </button>
                      <ConfirmButton
                        label={t('common.delete')}
                        confirmLabel={t('common.confirmDelete')}
                        onConfirm={() => void remove(`/api/v1/sla/calendars/${encodeURIComponent(c.id)}`)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setEditingCalendar('new')}>
              {t('sla.calendar.new')}
            </button>
          </div>
        </section>
      )}
      {editingPolicy && data && (
        <PolicyEditor
          policy={editingPolicy === 'new' ? null : editingPolicy}
          calendars={data.calendars}
          onClose={() => setEditingPolicy(null)}
          onSaved={reload}
        />
      )}
      {editingCalendar && (
        <CalendarEditor calendar={editingCalendar === 'new' ? null : editingCalendar} onClose={() => setEditingCalendar(null)} onSaved={reload} />
      )}
    </>
  );
}
