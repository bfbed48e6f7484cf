import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { Retention, RetentionAction, RetentionRun } from './api.ts';

const actions: RetentionAction[] = ['keep', 'delete', 'anonymise'];

function ActionRow({
  label,
  action,
  amount,
  unit,
  onAction,
  onAmount,
}: {
  label: string;
  action: RetentionAction;
  amount: number;
  unit: 'retention.afterDays' | 'retention.afterYears';
  onAction: (a: RetentionAction) => void;
  onAmount: (n: number) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="field-row">
      <label className="field">
        <span>{label}</span>
        <select value={action} onChange={(e) => onAction(e.target.value as RetentionAction)}>
          {actions.map((a) => (
            <option key={a} value={a}>
              {t(`retention.action.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t(unit)}</span>
        <input type="number" min={1} value={amount} disabled={action === 'keep'} onChange={(e) => onAmount(Number(e.target.value))} />
      </label>
    </div>
  );
}

function OptionalRow({
  label,
  unit,
  value,
  onChange,
}: {
  label: string;
  unit: 'retention.deleteAfterDays' | 'retention.deleteAfterYears';
  value: number | null;
  onChange: (v: number | null) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="field-row">
      <label className="field">
        <span>{label}</span>
        <select value={value === null ? 'keep' : 'delete'} onChange={(e) => onChange(e.target.value === 'keep' ? null : (value ?? 365))}>
          <option value="keep">{t('retention.keepForever')}</option>
          <option value="delete">{t('retention.action.delete')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t(unit)}</span>
        <input type="number" min={1} value={value ?? ''} disabled={value === null} onChange={(e) => onChange(Number(e.target.value) || 1)} />
      </label>
    </div>
  );
}

function RunResult({ run }: { run: RetentionRun }) {
  const { t, maybe } = useI18n();
  return (
    <div className="card">
      <h3>
        {t('retention.result')} · {t(run.dryRun ? 'retention.dryRun' : 'retention.runNow')}
      </h3>
      <dl className="kv">
        {Object.entries(run.counts).map(([key, n]) => (
          <div key={key} className="kv-row">
            <dt>{maybe(`retention.count.${key}`) ?? key}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** /retention: how long customer data is kept, with a dry run and "run now" (admins; docs/data-rights.md). */
export function RetentionPage() {
  const { t } = useI18n();
  const load = useCallback(() => api<Retention>('GET', '/api/v1/retention'), []);
  const { data, error } = useLoad(load);
  const [form, setForm] = useState<Retention | null>(null);
  const [status, setStatus] = useState<{ saved?: boolean; error?: unknown; run?: RetentionRun; busy?: boolean }>({});
  useEffect(() => setForm(data ?? null), [data]);
  if (error) return <ErrorNote error={error} />;
  if (!form) return <Loading />;
  const set = (patch: Partial<Retention>) => setForm({ ...form, ...patch });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus({ busy: true });
    try {
      const { updatedAt: _, ...body } = form;
      setForm(await api<Retention>('PUT', '/api/v1/retention', body));
      setStatus({ saved: true });
    } catch (err) {
      setStatus({ error: err });
    }
  };
  const run = async (dryRun: boolean) => {
    setStatus({ busy: true });
    try {
      setStatus({ run: await api<RetentionRun>('POST', '/api/v1/retention/run', { dryRun }) });
    } catch (err) {
      setStatus({ error: err });
    }
  };
  return (
    <>
      <PageHeader title={t('retention.title')} description={t('retention.description')} />
      <form className="card form form-card" onSubmit={(e) => void save(e)}>
        <ActionRow
          label={t('retention.conversations')}
          action={form.conversationsAction}
          amount={form.conversationsDays}
          unit="retention.afterDays"
          onAction={(a) => set({ conversationsAction: a })}
          onAmount={(n) => set({ conversationsDays: n })}
        />
        <ActionRow
          label={t('retention.tickets')}
          action={form.ticketsAction}
          amount={form.ticketsYears}
          unit="retention.afterYears"
          onAction={(a) => set({ ticketsAction: a })}
          onAmount={(n) => set({ ticketsYears: n })}
        />
        <OptionalRow
          label={t('retention.attachments')}
          unit="retention.deleteAfterDays"
          value={form.attachmentsDays}
          onChange={(v) => set({ attachmentsDays: v })}
        />
        <OptionalRow
          label={t('retention.audit')}
          unit="retention.deleteAfterYears"
          value={form.auditYears}
          onChange={(v) => set({ auditYears: v })}
        />
        <ErrorNote error={status.error} />
        {status.saved && <div className="note note-good">{t('retention.saved')}</div>}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={status.busy}>
            {t('retention.save')}
          </button>
          <button type="button" className="btn" disabled={status.busy} onClick={() => void run(true)}>
            {t('retention.dryRun')}
          </button>
          <button type="button" className="btn btn-danger" disabled={status.busy} onClick={() => void run(false)}>
            {t('retention.runNow')}
          </button>
        </div>
      </form>
      {status.run && <RunResult run={status.run} />}
    </>
  );
}
