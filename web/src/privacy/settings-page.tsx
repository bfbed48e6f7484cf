import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Items, type Role } from '../api.ts';
import { ErrorNote, Loading, PageHeader, roleLabel, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import {
  getPrivacySettings,
  piiKinds,
  piiSurfaces,
  savePrivacySettings,
  type MaskMode,
  type PiiSurface,
  type PrivacySettings,
} from './privacy-api.ts';
import './privacy.css';

type Draft = PrivacySettings;

/** One surface's row: its default and each role's rule ('' = as the default). */
function SurfaceRow({ surface, draft, roles, onChange }: { surface: PiiSurface; draft: Draft; roles: Role[]; onChange: (d: Draft) => void }) {
  const { t } = useI18n();
  const i18n = useI18n();
  const policy = draft.policy[surface];
  const setPolicy = (next: typeof policy) => onChange({ ...draft, policy: { ...draft.policy, [surface]: next } });
  const setRole = (roleId: string, mode: MaskMode | '') => {
    const rolesRule = { ...policy.roles };
    if (mode) rolesRule[roleId] = mode;
    else delete rolesRule[roleId];
    setPolicy({ ...policy, roles: rolesRule });
  };
  return (
    <tr>
      <th scope="row">{t(`privacy.surface.${surface}`)}</th>
      <td>
        <select
          aria-label={`${t(`privacy.surface.${surface}`)} · ${t('privacy.matrix.default')}`}
          value={policy.default}
          onChange={(e) => setPolicy({ ...policy, default: e.target.value as MaskMode })}
        >
          <option value="mask">{t('privacy.mode.mask')}</option>
          <option value="clear">{t('privacy.mode.clear')}</option>
        </select>
      </td>
      {roles.map((role) => (
        <td key={role.id}>
          <select
            aria-label={`${t(`privacy.surface.${surface}`)} · ${roleLabel(i18n, role)}`}
            value={policy.roles[role.id] ?? ''}
            onChange={(e) => setRole(role.id, e.target.value as MaskMode | '')}
          >
            <option value="">{t('privacy.mode.inherit')}</option>
            <option value="mask">{t('privacy.mode.mask')}</option>
            <option value="clear">{t('privacy.mode.clear')}</option>
          </select>
        </td>
      ))}
    </tr>
  );
}

function CustomPatterns({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const { t } = useI18n();
  const set = (patterns: Draft['customPatterns']) => onChange({ ...draft, customPatterns: patterns });
  return (
    <>
      <h3>{t('privacy.custom')}</h3>
      <p className="muted small">{t('privacy.custom.hint')}</p>
      {draft.customPatterns.map((p, i) => (
        <div className="field-row" key={i}>
          <label className="field">
            <span>{t('privacy.custom.name')}</span>
            <input
              value={p.name}
              required
              maxLength={60}
              onChange={(e) => set(draft.customPatterns.map((o, j) => (j === i ? { ...o, name: e.target.value } : o)))}
            />
          </label>
          <label className="field">
            <span>{t('privacy.custom.pattern')}</span>
            <input
              value={p.pattern}
              required
              maxLength={200}
              className="mono-ish"
              onChange={(e) => set(draft.customPatterns.map((o, j) => (j === i ? { ...o, pattern: e.target.value } : o)))}
            />
          </label>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => set(draft.customPatterns.filter((_, j) => j !== i))}>
            {t('privacy.custom.remove')}
          </button>
        </div>
      ))}
      {draft.customPatterns.length < 20 && (
        <button type="button" className="btn btn-small" onClick={() => set([...draft.customPatterns, { name: '', pattern: '' }])}>
          {t('privacy.custom.add')}
        </button>
      )}
    </>
  );
}

/** /privacy: which personal information is detected, custom patterns, and the surface × role masking matrix. */
export function PrivacySettingsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const load = useCallback(async () => {
    const [settings, roles] = await Promise.all([getPrivacySettings(), api<Items<Role>>('GET', '/api/v1/roles')]);
    return { settings, roles: roles.items };
  }, []);
  const { data, error } = useLoad(load);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  useEffect(() => {
    if (data) setDraft(data.settings);
  }, [data]);
  if (!draft || !data) return error ? <ErrorNote error={error} /> : <Loading />;
  const change = (next: Draft) => {
    setSaved(false);
    setDraft(next);
  };
  const toggleKind = (kind: Draft['kinds'][number], on: boolean) =>
    change({ ...draft, kinds: on ? [...draft.kinds, kind] : draft.kinds.filter((k) => k !== kind) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaveError(null);
    try {
      setDraft(await savePrivacySettings(draft));
      setSaved(true);
    } catch (err) {
      setSaveError(err);
    }
  };
  return (
    <>
      <PageHeader title={t('privacy.title')} description={t('privacy.description')} />
      <form className="card form privacy-settings" onSubmit={(e) => void submit(e)}>
        <h3>{t('privacy.kinds')}</h3>
        <div className="privacy-kinds">
          {piiKinds.map((kind) => (
            <label className="check-inline" key={kind}>
              <input type="checkbox" checked={draft.kinds.includes(kind)} onChange={(e) => toggleKind(kind, e.target.checked)} />
              {t(`privacy.kind.${kind}`)}
            </label>
          ))}
        </div>
        <CustomPatterns draft={draft} onChange={change} />
        <h3>{t('privacy.matrix')}</h3>
        <p className="muted small">{t('privacy.matrix.hint')}</p>
        <table className="privacy-matrix">
          <thead>
            <tr>
              <th scope="col">{t('privacy.matrix.surface')}</th>
              <th scope="col">{t('privacy.matrix.default')}</th>
              {data.roles.map((role) => (
                <th scope="col" key={role.id}>
                  {roleLabel(i18n, role)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {piiSurfaces.map((surface) => (
              <SurfaceRow key={surface} surface={surface} draft={draft} roles={data.roles} onChange={change} />
            ))}
          </tbody>
        </table>
        <ErrorNote error={saveError} />
        {saved && (
          <div className="note note-good" role="status">
            {t('privacy.saved')}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('privacy.save')}
          </button>
        </div>
      </form>
    </>
  );
}
