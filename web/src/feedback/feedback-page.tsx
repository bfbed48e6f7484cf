import { useCallback, useState } from 'react';
import { ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { getSummary, listResponses, type Figures, type ResponseFilter, type SurveyResponse } from './feedback-api.ts';
import './feedback.css';

const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(5 - n);
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

function FigureCards({ figures }: { figures: Figures }) {
  const { t } = useI18n();
  return (
    <div className="csat-figures">
      <div className="card csat-figure" data-testid="csat">
        <div className="csat-value">{percent(figures.csat)}</div>
        <div>{t('feedback.csat')}</div>
        <div className="muted small">{t('feedback.csatHint')}</div>
      </div>
      <div className="card csat-figure">
        <div className="csat-value">{figures.average?.toFixed(2) ?? '—'}</div>
        <div>{t('feedback.average')}</div>
      </div>
      <div className="card csat-figure">
        <div className="csat-value">{figures.count}</div>
        <div>{t('feedback.count')}</div>
      </div>
    </div>
  );
}

function ResponseRow({ r }: { r: SurveyResponse }) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const answers = Object.entries(r.answers).map(([k, v]) => `${k}: ${i18n.maybe(`feedback.answer.${v}`) ?? v}`);
  return (
    <tr data-rating={r.rating}>
      <td className={`csat-stars${r.rating <= 3 ? ' csat-low' : ''}`} aria-label={`${r.rating}/5`}>
        {stars(r.rating)}
      </td>
      <td>
        <div>{r.comment || <span className="muted">—</span>}</div>
        {answers.length > 0 && <div className="muted small">{answers.join(' · ')}</div>}
      </td>
      <td>{directory.userName(r.agentId) ?? t('feedback.noAgent')}</td>
      <td>{r.channel}</td>
      <td>
        {r.conversationId && (
          <Link to={`/inbox/${r.conversationId}`}>{t(r.subjectType === 'ticket' ? 'feedback.ticket' : 'feedback.conversation')}</Link>
        )}
        {r.taskId && (
          <div className="small">
            <Link to="/tasks">{t('feedback.task')}</Link>
          </div>
        )}
      </td>
      <td className="nowrap muted">{i18n.dateTime(r.createdAt)}</td>
    </tr>
  );
}

/** /feedback (满意度): the CSAT figure, by agent, and the ratings newest first. */
export function FeedbackPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSession();
  const directory = useDirectory();
  const [filter, setFilter] = useState<ResponseFilter>({});
  const load = useCallback(() => Promise.all([getSummary(filter), listResponses(filter)]), [filter]);
  const { data, error } = useLoad(load);
  const [more, setMore] = useState<{ items: SurveyResponse[]; next: string | null } | null>(null);
  const items = [...(data?.[1].items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (data?.[1].nextBefore ?? null);
  const pick = (value: string) => {
    setMore(null);
    setFilter(value === 'low' ? { low: true } : value ? { rating: Number(value) } : {});
  };
  const loadMore = async () => {
    if (!next) return;
    const page = await listResponses(filter, next);
    setMore({ items: [...(more?.items ?? []), ...page.items], next: page.nextBefore });
  };

  return (
    <>
      <PageHeader
        title={t('feedback.title')}
        description={can('feedback.manage') ? t('feedback.description') : `${t('feedback.description')} ${t('feedback.ownOnly')}`}
        actions={
          <label className="csat-filter">
            <span className="muted">{t('feedback.filter.rating')}</span>
            <select aria-label={t('feedback.filter.rating')} onChange={(e) => pick(e.target.value)}>
              <option value="">{t('feedback.filter.all')}</option>
              <option value="low">{t('feedback.filter.low')}</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {stars(n)}
                </option>
              ))}
            </select>
          </label>
        }
      />
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <FigureCards figures={data[0]} />
          {data[0].byAgent.length > 1 && (
            <section className="section">
              <h2>{t('feedback.byAgent')}</h2>
              <table className="table">
                <tbody>
                  {data[0].byAgent.map((a) => (
                    <tr key={a.agentId ?? 'none'}>
                      <td>{directory.userName(a.agentId) ?? t('feedback.noAgent')}</td>
                      <td>{percent(a.csat)}</td>
                      <td>{a.average?.toFixed(2)}</td>
                      <td>{a.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {items.length === 0 ? (
            <div className="card empty muted">{t('feedback.none')}</div>
          ) : (
            <table className="table csat-table">
              <thead>
                <tr>
                  <th>{t('feedback.col.rating')}</th>
                  <th>{t('feedback.col.comment')}</th>
                  <th>{t('feedback.col.agent')}</th>
                  <th>{t('feedback.col.channel')}</th>
                  <th>{t('feedback.col.subject')}</th>
                  <th>{t('feedback.col.when')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <ResponseRow key={r.id} r={r} />
                ))}
              </tbody>
            </table>
          )}
          {next && (
            <div className="table-foot">
              <button type="button" className="btn" onClick={() => void loadMore()}>
                {t('feedback.more')}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
