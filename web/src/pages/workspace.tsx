import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { api, type Workspace } from '../api.ts';
import { ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { locales, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';

const industries = ['ecommerce', 'finance', 'retail', 'public_service', 'general'] as const;

function WorkspaceForm({ workspace, editable, onSaved }: { workspace: Workspace; editable: boolean; onSaved: (w: Workspace) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState(workspace);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);

  const set = (patch: Partial<Workspace>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(false);
  };
  const toggleLocale = (l: string) => {
    const next = form.locales.includes(l) ? form.locales.filter((x) => x !== l) : locales.filter((x) => x === l || form.locales.includes(x));
    set({ locales: next, defaultLocale: next.includes(form.defaultLocale) ? form.defaultLocale : (next[0] ?? form.defaultLocale) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { name, industry, defaultLocale, locales: chosen, timezone } = form;
      const result = await api<Workspace>('PATCH', '/api/v1/workspace', { name: name.trim(), industry, defaultLocale, locales: chosen, timezone });
      onSaved(result);
      setForm(result);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <form className="card form form-card" onSubmit={(e) => void submit(e)}>
      <fieldset disabled={!editable} className="plain">
        <div className="field-row">
          <label className="field">
            <span>{t('workspace.name')}</span>
            <input required maxLength={120} value={form.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
          <div className="field">
            <span>{t('workspace.slug')}</span>
            <div className="static-value mono">{workspace.slug}</div>
          </div>
        </div>
        <div className="field-row">
          <label className="field">
            <span>{t('workspace.industry')}</span>
            <select value={form.industry} onChange={(e) => set({ industry: e.target.value })}>
              {industries.map((i) => (
                <option key={i} value={i}>
                  {t(`industry.${i}` as const)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('workspace.timezone')}</span>
            <input list="kefu-zones" required value={form.timezone} onChange={(e) => set({ timezone: e.target.value })} spellCheck={false} />
            <datalist id="kefu-zones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
        </div>
        <div className="field-row">
          <div className="field" role="group" aria-labelledby="workspace-locales">
            <span id="workspace-locales">{t('workspace.locales')}</span>
            <div className="check-row">
              {locales.map((l) => (
                <label key={l} className="check-inline">
                  <input
                    type="checkbox"
                    checked={form.locales.includes(l)}
                    onChange={() => toggleLocale(l)}
                    disabled={form.locales.length === 1 && form.locales.includes(l)}
                  />
                  {t(l === 'zh-CN' ? 'lang.zh-CN' : 'lang.en')}
                </label>
              ))}
            </div>
          </div>
          <label className="field">
            <span>{t('workspace.defaultLocale')}</span>
            <select value={form.defaultLocale} onChange={(e) => set({ defaultLocale: e.target.value })}>
              {form.locales.map((l) => (
                <option key={l} value={l}>
                  {t(l === 'zh-CN' ? 'lang.zh-CN' : 'lang.en')}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <ErrorNote error={error} />
      {saved && <div className="note note-good">{t('common.saved')}</div>}
      {editable ? (
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      ) : (
        <p className="muted small">{t('workspace.readOnly')}</p>
      )}
    </form>
  );
}

/** Name, industry, languages and time zone of the workspace. */
export function WorkspacePage() {
  const { t } = useI18n();
  const { can, reload: reloadSession } = useSession();
  const load = useCallback(() => api<Workspace>('GET', '/api/v1/workspace'), []);
  const { data, error } = useLoad(load);
  return (
    <>
      <PageHeader title={t('workspace.title')} description={t('workspace.description')} />
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && <WorkspaceForm workspace={data} editable={can('workspace.manage')} onSaved={() => void reloadSession()} />}
    </>
  );
}
