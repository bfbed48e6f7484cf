import { useCallback, useState } from 'react';
import { Badge, ConfirmButton, ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { deleteRule, listRules, reorderRules, updateRule, type Rule } from './automation-api.ts';
import { RuleEditor } from './rule-editor.tsx';
import { RunLog } from './run-log.tsx';
import './automation.css';

const tabs = ['rules', 'log'] as const;
type Tab = (typeof tabs)[number];

/** /automation: the rules in evaluation order (reorder, switch on and off, edit, test) and the run log. */
export function AutomationPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const tab: Tab = query.get('tab') === 'log' ? 'log' : 'rules';
  return (
    <>
      <PageHeader title={t('automation.title')} description={t('automation.description')} />
      <nav className="page-tabs" aria-label={t('automation.title')}>
        {tabs.map((k) => (
          <Link key={k} to={`/automation?tab=${k}`} className={tab === k ? 'on' : undefined} aria-current={tab === k ? 'page' : undefined}>
            {t(`automation.tab.${k}`)}
          </Link>
        ))}
      </nav>
      {tab === 'rules' ? <RuleList /> : <RunLog ruleId={query.get('ruleId') ?? ''} subjectId={query.get('subjectId') ?? ''} />}
    </>
  );
}

function RuleList() {
  const i18n = useI18n();
  const { t } = i18n;
  const load = useCallback(() => listRules(), []);
  const { data, error, reload, setData } = useLoad(load);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const act = async (work: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await work();
    } catch (err) {
      setActionError(err);
    }
    reload();
  };
  const move = (index: number, by: -1 | 1) => {
    if (!data) return;
    const ids = data.items.map((r) => r.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    void act(async () => setData(await reorderRules(ids)));
  };

  if (editing) {
    return (
      <RuleEditor
        rule={editing === 'new' ? null : editing}
        onDone={() => {
          setEditing(null);
          reload();
        }}
      />
    );
  }
  return (
    <>
      <div className="automation-bar">
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('automation.new')}
        </button>
      </div>
      <ErrorNote error={error ?? actionError} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <div className="card empty muted">{t('automation.none')}</div>}
      {data && data.items.length > 0 && (
        <section className="card">
          <table className="table automation-rules">
            <thead>
              <tr>
                <th>{t('automation.col.order')}</th>
                <th>{t('automation.col.rule')}</th>
                <th>{t('automation.col.trigger')}</th>
                <th>{t('automation.col.runs')}</th>
                <th>{t('automation.col.enabled')}</th>
                <th className="actions-col" aria-label={t('common.actions')} />
              </tr>
            </thead>
            <tbody>
              {data.items.map((rule, i) => (
                <tr key={rule.id} data-rule={rule.name}>
                  <td className="automation-order">
                    <button
                      type="button"
                      className="icon-button"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={t('automation.moveUp', { name: rule.name })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={i === data.items.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={t('automation.moveDown', { name: rule.name })}
                    >
                      ↓
                    </button>
                  </td>
                  <td>
                    <div className="cell-title">{rule.name}</div>
                    <div className="cell-sub">
                      {t('automation.summary', { conditions: rule.conditions.all.length + rule.conditions.any.length, actions: rule.actions.length })}
                      {rule.stopProcessing && <> · {t('automation.stops')}</>}
                    </div>
                  </td>
                  <td>{t(`automation.trigger.${rule.trigger}`)}</td>
                  <td>
                    <Badge tone={rule.runCount ? 'accent' : 'neutral'}>{rule.runCount}</Badge>
                    {rule.lastRunAt && <div className="cell-sub">{t('automation.lastRun', { when: i18n.dateTime(rule.lastRunAt) })}</div>}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      checked={rule.enabled}
                      aria-label={t('automation.enable', { name: rule.name })}
                      onChange={(e) => {
                        const enabled = e.target.checked;
                        // Shown at once; the reload after the request settles it either way.
                        setData({ items: data.items.map((r) => (r.id === rule.id ? { ...r, enabled } : r)) });
                        void act(() => updateRule(rule.id, { enabled }));
                      }}
                    />
                  </td>
                  <td className="actions-col automation-row-actions">
                    <button type="button" className="btn btn-small btn-quiet" onClick={() => navigate(`/automation?tab=log&ruleId=${rule.id}`)}>
                      {t('automation.viewLog')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setEditing(rule)}>
                      {t('common.edit')}
                    </button>
                    <ConfirmButton
                      label={t('common.delete')}
                      confirmLabel={t('automation.deleteConfirm')}
                      onConfirm={() => void act(() => deleteRule(rule.id))}
                    />
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
