import { useCallback, useState, type FormEvent } from 'react';
import { api, type ApiKey, type Items, type Role } from '../api.ts';
import { PageHeader, ConfirmButton, CopyField, FormActions, Loading, Modal, roleLabel, ErrorNote, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

/** `YYYY-MM-DD` from a date input → the end of that day, local time, as ISO. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

function CreateKeyModal({ roles, onClose, onCreated }: { roles: Role[]; onClose: () => void; onCreated: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState(() => (roles.find((r) => r.key === 'agent') ?? roles[0])?.id ?? '');
  const [expires, setExpires] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), roleId, ...(expires ? { expiresAt: endOfDay(expires) } : {}) };
      const result = await api<{ apiKey: ApiKey; token: string }>('POST', '/api/v1/api-keys', body);
      setToken(result.token);
      onCreated();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  if (token) {
    return (
      <Modal title={t('apiKeys.createdTitle')} onClose={onClose}>
        <p>{t('apiKeys.createdText')}</p>
        <CopyField value={token} label={t('apiKeys.token')} />
        <p className="note note-warn">{t('common.shownOnce')}</p>
        <pre className="code">{`curl -H "Authorization: Bearer ${token}" ${window.location.origin}/api/v1/auth/me`}</pre>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            {t('common.done')}
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={t('apiKeys.newTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('field.name')}</span>
          <input required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('apiKeys.namePlaceholder')} />
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('field.role')}</span>
            <select value={roleId} onChange={(e) => setRoleId(e.target.value)}>
              {roles.map((role) => (
                <option key={role.id} value={role.id}>
                  {roleLabel(i18n, role)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>
              {t('apiKeys.expires')} <span className="muted">{t('common.optional')}</span>
            </span>
            <input type="date" min={tomorrow} value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
        </div>
        <small className="muted">{t('apiKeys.roleHint')}</small>
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy} submitLabel={t('apiKeys.create')} />
      </form>
    </Modal>
  );
}

/** Server-to-server keys: each acts with one role; the secret is shown once. */
export function ApiKeysPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const load = useCallback(async () => {
    const [keys, roles] = await Promise.all([api<Items<ApiKey>>('GET', '/api/v1/api-keys'), api<Items<Role>>('GET', '/api/v1/roles')]);
    return { keys: keys.items, roles: roles.items };
  }, []);
  const { data, error, reload } = useLoad(load);
  const [creating, setCreating] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>(null);

  const revoke = async (id: string) => {
    setRevokeError(null);
    try {
      await api('DELETE', `/api/v1/api-keys/${encodeURIComponent(id)}`);
      reload();
    } catch (err) {
      setRevokeError(err);
    }
  };

  const roleById = new Map((data?.roles ?? []).map((r) => [r.id, r]));
  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        description={t('apiKeys.description')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} disabled={!data}>
            {t('apiKeys.new')}
          </button>
        }
      />
      <ErrorNote error={error ?? revokeError} />
      {!data && !error && <Loading />}
      {data && data.keys.length === 0 && <div className="card empty muted">{t('apiKeys.none')}</div>}
      {data && data.keys.length > 0 && (
        <section className="card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('field.name')}</th>
                <th>{t('field.role')}</th>
                <th>{t('apiKeys.hint')}</th>
                <th>{t('common.created')}</th>
                <th>{t('apiKeys.lastUsed')}</th>
                <th>{t('apiKeys.expires')}</th>
                <th className="actions-col" aria-label={t('common.actions')} />
              </tr>
            </thead>
            <tbody>
              {data.keys.map((key) => (
                <tr key={key.id}>
                  <td>
                    <div className="cell-title">{key.name}</div>
                  </td>
                  <td>{roleLabel(i18n, roleById.get(key.roleId))}</td>
                  <td className="mono">{key.hint}</td>
                  <td className="muted">{i18n.date(key.createdAt)}</td>
                  <td className="muted">{key.lastUsedAt ? i18n.dateTime(key.lastUsedAt) : t('team.never')}</td>
                  <td className="muted">{key.expiresAt ? i18n.date(key.expiresAt) : t('apiKeys.noExpiry')}</td>
                  <td className="actions-col">
                    <ConfirmButton label={t('common.revoke')} confirmLabel={t('common.confirmRevoke')} onConfirm={() => void revoke(key.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {creating && data && <CreateKeyModal roles={data.roles} onClose={() => setCreating(false)} onCreated={reload} />}
    </>
  );
}
