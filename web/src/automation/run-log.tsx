import { useCallback, useState } from 'react';
import { Badge, ErrorNote, Loading, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { listRules, listRuns, type Run } from './automation-api.ts';

const tone = (outcome: Run['outcome']) => (outcome === 'applied' ? 'good' : outcome === 'loop_stopped' ? 'accent' : 'warn');

/** The run log: which rule did what to which conversation, newest first; filter by rule or by conversation. */
export function RunLog({ ruleId, subjectId }: { ruleId: string; subjectId: string }) {
  const i18n = useI18n();
  const { t, maybe } = i18n;
  const [subject, setSubject] = useState(subjectId);
  const load = useCallback(
    () => Promise.all([listRuns({ ruleId: ruleId || undefined, subjectId: subjectId || undefined }), listRules()]),
    [ruleId, subjectId],
  );
  const { data, error } = useLoad(load);
  const go = (next: { ruleId?: string; subjectId?: string }) => {
    const params = new URLSearchParams({ tab: 'log' });
    const r = next.ruleId ?? ruleId;
    const s = next.subjectId ?? subjectId;
    if (r) params.set('ruleId', r);
    if (s) params.set('subjectId', s);
    navigate(`/automation?${params}`);
  };
  const names = new Map((data?.[1].items ?? []).map((r) => [r.id, r.name]));
  return (
    <>
      <div className="filters automation-bar">
        <label className="field">
          <span>{t('automation.log.filterRule')}</span>
          <select value={ruleId} onChange={(e) => go({ ruleId: e.target.value })}>
            <option value="">{t('automation.log.allRules')}</option>
            {(data?.[1].items ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            go({ subjectId: subject.trim() });
          }}
        >
          <span>{t('automation.log.filterSubject')}</span>
          <input value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="conv_…" />
        </form>
      </div>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && data[0].items.length === 0 && <div className="card empty muted">{t('automation.log.none')}</div>}
      {data && data[0].items.length > 0 && (
        <section className="card">
          <table className="table table-top automation-runs">
            <thead>
              <tr>
                <th>{t('automation.log.when')}</th>
                <th>{t('automation.log.filterRule')}</th>
                <th>{t('automation.log.subject')}</th>
                <th>{t('automation.log.outcome')}</th>
                <th>{t('automation.log.matched')}</th>
                <th>{t('automation.log.did')}</th>
              </tr>
            </thead>
            <tbody>
              {data[0].items.map((run) => (
                <tr key={run.id} data-outcome={run.outcome}>
                  <td>
                    {i18n.dateTime(run.createdAt)}
                    <div className="cell-sub">{maybe(`automation.trigger.${run.event}`) ?? run.event}</div>
                  </td>
                  <td>{run.ruleName}</td>
                  <td>{run.subjectType === 'conversation' ? <Link to={`/inbox/${run.subjectId}`}>{run.subjectId}</Link> : run.subjectId}</td>
                  <td>
                    <Badge tone={tone(run.outcome)}>{t(`automation.outcome.${run.outcome}`)}</Badge>
                    {run.reason && <div className="cell-sub">{maybe(`automation.reason.${run.reason}`) ?? run.reason}</div>}
                    {run.chain.length > 0 && (
                      <div className="cell-sub">{t('automation.log.chain', { rules: run.chain.map((id) => names.get(id) ?? id).join(' → ') })}</div>
                    )}
                  </td>
                  <td>
                    <ul className="automation-facts">
                      {run.conditions.map((c, i) => (
                        <li key={i} className={c.matched ? 'ok' : 'miss'}>
                          {maybe(`automation.field.${c.field}`) ?? c.field} {maybe(`automation.op.${c.op}`) ?? c.op} {show(c.value)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul className="automation-facts">
                      {run.actions.map((a, i) => (
                        <li key={i} className={a.outcome === 'ok' ? 'ok' : 'miss'} title={a.detail}>
                          {maybe(`automation.action.${a.type}`) ?? a.type}
                          {a.detail ? `: ${a.detail}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

/** A condition value as a person reads it. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(', ');
  return value === null || value === undefined ? '—' : String(value);
}
