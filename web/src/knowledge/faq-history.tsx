import { useCallback, useEffect, useState } from 'react';
import { ErrorNote, Loading, useLoad } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useI18n, type I18n } from '../i18n/index.tsx';
import { faqApi, type Faq, type FaqDiff, type FaqVersion, type FieldDiff } from './faq-api.ts';

function actorName(i18n: I18n, names: Map<string, string>, actor: FaqVersion['actor']): string {
  if (actor.type === 'system' || !actor.id) return i18n.t('kb.actor.system');
  if (actor.type === 'api_key') return i18n.t('kb.actor.apiKey');
  return names.get(actor.id) ?? actor.id;
}

const shown = (value: string | string[] | null) => (value === null ? '—' : Array.isArray(value) ? value.join(' / ') || '—' : value);

function FieldChange({ diff }: { diff: FieldDiff }) {
  const i18n = useI18n();
  const label = i18n.maybe(`kb.field.${diff.field}`) ?? diff.field;
  return (
    <div className="kb-diff-field">
      <div className="kb-diff-label">{label}</div>
      {diff.kind === 'text' && (
        <div className="kb-diff-text">
          {diff.parts.map((p, i) =>
            p.op === 'equal' ? <span key={i}>{p.text}</span> : p.op === 'insert' ? <ins key={i}>{p.text}</ins> : <del key={i}>{p.text}</del>,
          )}
        </div>
      )}
      {diff.kind === 'list' && (
        <ul className="changes">
          {diff.removed.map((s) => (
            <li key={`-${s}`} className="old">
              − {s}
            </li>
          ))}
          {diff.added.map((s) => (
            <li key={`+${s}`} className="new">
              + {s}
            </li>
          ))}
        </ul>
      )}
      {diff.kind === 'value' && (
        <div className="kb-diff-text">
          <del>
            {diff.field === 'status' && typeof diff.before === 'string'
              ? (i18n.maybe(`kb.status.${diff.before}`) ?? diff.before)
              : shown(diff.before)}
          </del>
          {' → '}
          <ins>
            {diff.field === 'status' && typeof diff.after === 'string' ? (i18n.maybe(`kb.status.${diff.after}`) ?? diff.after) : shown(diff.after)}
          </ins>
        </div>
      )}
    </div>
  );
}

/** Every version of the item — who changed what, when — a diff between any two, and rollback. */
export function FaqHistory({ faq, canManage, onRolledBack }: { faq: Faq; canManage: boolean; onRolledBack: (faq: Faq) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { users } = useDirectory();
  const names = new Map(users.map((u) => [u.id, u.name]));
  // faq.version is a dependency on purpose: a new version reloads the list.
  const load = useCallback(() => faqApi.versions(faq.id), [faq.id, faq.version]);
  const { data, error } = useLoad(load);
  const [range, setRange] = useState({ from: Math.max(1, faq.version - 1), to: faq.version });
  const [diff, setDiff] = useState<FaqDiff | null>(null);
  const [diffError, setDiffError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setRange({ from: Math.max(1, faq.version - 1), to: faq.version }), [faq.version]);
  useEffect(() => {
    let live = true;
    setDiffError(null);
    faqApi.diff(faq.id, range.from, range.to).then(
      (d) => live && setDiff(d),
      (err: unknown) => live && (setDiff(null), setDiffError(err)),
    );
    return () => {
      live = false;
    };
  }, [faq.id, range.from, range.to]);

  const rollback = async (version: number) => {
    setBusy(true);
    setDiffError(null);
    try {
      onRolledBack(await faqApi.rollback(faq.id, version, faq.version));
    } catch (err) {
      setDiffError(err);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const numbers = data.items.map((v) => v.version);
  const picker = (which: 'from' | 'to') => (
    <label className="field">
      <span>{t(which === 'from' ? 'kb.diffFrom' : 'kb.diffTo')}</span>
      <select value={range[which]} onChange={(e) => setRange((r) => ({ ...r, [which]: Number(e.target.value) }))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            {t('kb.versionN', { n })}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="kb-history">
      <ol className="kb-versions">
        {data.items.map((v) => (
          <li key={v.version} className="kb-version">
            <div>
              <strong>{t('kb.versionN', { n: v.version })}</strong> · {t(`kb.action.${v.action}`)}
              {v.changed.length > 0 && <span className="muted"> · {v.changed.map((f) => i18n.maybe(`kb.field.${f}`) ?? f).join('、')}</span>}
            </div>
            <div className="muted small">
              {actorName(i18n, names, v.actor)} · {i18n.dateTime(v.createdAt)}
              {v.note && <> · {v.note}</>}
            </div>
            <div className="row-actions">
              {v.version > 1 && (
                <button type="button" className="btn btn-small btn-quiet" onClick={() => setRange({ from: v.version - 1, to: v.version })}>
                  {t('kb.showChanges')}
                </button>
              )}
              {canManage && v.version !== faq.version && (
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => void rollback(v.version)}>
                  {t('kb.rollback', { n: v.version })}
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      <section className="kb-diff" aria-label={t('kb.diff')}>
        <div className="field-row">
          {picker('from')}
          {picker('to')}
        </div>
        <ErrorNote error={diffError} />
        {diff && diff.fields.length === 0 && <p className="muted">{t('kb.noDifference')}</p>}
        {diff?.fields.map((d) => (
          <FieldChange key={d.field} diff={d} />
        ))}
      </section>
    </div>
  );
}
