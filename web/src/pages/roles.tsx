import { useCallback, useState, type FormEvent } from 'react';
import { api, type Items, type Role } from '../api.ts';
import { PageHeader, Badge, ConfirmButton, FormActions, Loading, Modal, roleLabel, ErrorNote, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { permissions, useSession, type Permission } from '../session.tsx';

function PermissionChips({ granted }: { granted: string[] }) {
  const { t } = useI18n();
  const known = permissions.filter((p) => granted.includes(p));
  if (known.length === 0) return <span className="muted">{t('roles.noPermissions')}</span>;
  return (
    <div className="chips">
      {known.map((p) => (
        <span key={p} className="chip" title={p}>
          {t(`perm.${p}` as const)}
        </span>
      ))}
    </div>
  );
}

/** Create (no `role`) or change a custom role. */
function RoleModal({ role, onClose, onSaved }: { role: Role | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [name, setName] = useState(role?.name ?? '');
  const [granted, setGranted] = useState<Set<string>>(new Set(role?.permissions ?? ['workspace.read', 'users.read']));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (p: Permission) =>
    setGranted((prev) => {
      const next = new Set(prev);
      if (next.has(p)) next.delete(p);
      else next.add(p);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const chosen = permissions.filter((p) => granted.has(p));
    try {
      if (role) await api('PATCH', `/api/v1/roles/${encodeURIComponent(role.id)}`, { name: name.trim(), permissions: chosen });
      else await api('POST', '/api/v1/roles', { key, name: name.trim(), permissions: chosen });
      onSaved();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal title={role ? t('roles.editTitle') : t('roles.newTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <label className="field">
            <span>{t('field.name')}</span>
            <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('roles.key')}</span>
            {role ? (
              <div className="static-value mono">{role.key}</div>
            ) : (
              <input
                required
                pattern="[a-z][a-z0-9_]{1,31}"
                value={key}
                onChange={(e) => setKey(e.target.value)}
                spellCheck={false}
                autoCapitalize="off"
              />
            )}
          </label>
        </div>
        {!role && <small className="muted">{t('roles.keyHint')}</small>}
        <fieldset className="checks">
          <legend>{t('roles.permissions')}</legend>
          {permissions.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={granted.has(p)} onChange={() => toggle(p)} />
              <span>
                <strong>{t(`perm.${p}` as const)}</strong>
                <small className="muted">{t(`permHint.${p}` as const)}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy} submitLabel={role ? t('common.save') : t('roles.create')} />
      </form>
    </Modal>
  );
}

/** Built-in roles (read-only) and the workspace's own roles. */
export function RolesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { reload: reloadSession } = useSession();
  const load = useCallback(() => api<Items<Role>>('GET', '/api/v1/roles').then((r) => r.items), []);
  const { data, error, reload } = useLoad(load);
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const remove = async (role: Role) => {
    setActionError(null);
    try {
      await api('DELETE', `/api/v1/roles/${encodeURIComponent(role.id)}`);
      reload();
    } catch (err) {
      setActionError(err);
    }
  };

  const saved = () => {
    setEditing(null);
    reload();
    void reloadSession();
  };

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        description={t('roles.description')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('roles.new')}
          </button>
        }
      />
      <ErrorNote error={error ?? actionError} />
      {!data && !error && <Loading />}
      <div className="role-list">
        {data?.map((role) => (
          <section key={role.id} className="card role-card">
            <div className="role-head">
              <div>
                <h2>
                  {roleLabel(i18n, role)} {role.builtin && <Badge>{t('roles.builtin')}</Badge>}
                </h2>
                <div className="cell-sub mono">{role.key}</div>
              </div>
              {role.builtin ? (
                <span className="muted small">{t('roles.readOnly')}</span>
              ) : (
                <div className="row-actions">
                  <button type="button" className="btn btn-small btn-quiet" onClick={() => setEditing(role)}>
                    {t('common.edit')}
                  </button>
                  <ConfirmButton label={t('common.delete')} confirmLabel={t('common.confirmDelete')} onConfirm={() => void remove(role)} />
                </div>
              )}
            </div>
            <PermissionChips granted={role.permissions} />
          </section>
        ))}
      </div>
      {editing && <RoleModal role={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />}
    </>
  );
}
