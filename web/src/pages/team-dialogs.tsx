import { useCallback, useState, type FormEvent } from 'react';
import { api, type Invitation, type Items, type Role, type User, type UserStatus } from '../api.ts';
import { ConfirmButton, CopyField, FormActions, HintedField, Loading, Modal, roleLabel, ErrorNote, useLoad } from '../components/ui.tsx';
import { locales, useI18n } from '../i18n/index.tsx';
import { LockoutNote } from '../security/lockout-note.tsx';

function RoleSelect({ roles, value, onChange }: { roles: Role[]; value: string; onChange: (id: string) => void }) {
  const i18n = useI18n();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} required>
      {roles.map((role) => (
        <option key={role.id} value={role.id}>
          {roleLabel(i18n, role)}
        </option>
      ))}
    </select>
  );
}

/** Rename a user, change their role, language or status; only changed fields are sent. */
export function EditUserModal({ user, roles, onClose, onSaved }: { user: User; roles: Role[]; onClose: () => void; onSaved: (user: User) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(user.name);
  const [roleId, setRoleId] = useState(user.roleId);
  const [locale, setLocale] = useState(user.locale);
  const [status, setStatus] = useState<UserStatus>(user.status);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch = {
      ...(name.trim() !== user.name ? { name: name.trim() } : {}),
      ...(roleId !== user.roleId ? { roleId } : {}),
      ...(locale !== user.locale ? { locale } : {}),
      ...(status !== user.status ? { status } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    try {
      onSaved(await api<User>('PATCH', `/api/v1/users/${encodeURIComponent(user.id)}`, patch));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal title={t('team.editTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <span>{t('field.email')}</span>
          <div className="static-value">{user.email}</div>
        </div>
        <LockoutNote userId={user.id} />
        <label className="field">
          <span>{t('field.name')}</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('field.role')}</span>
            <RoleSelect roles={roles} value={roleId} onChange={setRoleId} />
          </label>
          <label className="field">
            <span>{t('field.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value)}>
              {locales.map((l) => (
                <option key={l} value={l}>
                  {t(l === 'zh-CN' ? 'lang.zh-CN' : 'lang.en')}
                </option>
              ))}
            </select>
          </label>
        </div>
        <HintedField label={t('field.status')} hint={status === 'disabled' && user.status === 'active' ? t('team.disableHint') : undefined}>
          <select value={status} onChange={(e) => setStatus(e.target.value as UserStatus)}>
            <option value="active">{t('status.active')}</option>
            <option value="disabled">{t('status.disabled')}</option>
          </select>
        </HintedField>
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy} submitLabel={t('common.save')} />
      </form>
    </Modal>
  );
}

/** Invite by email; the accept link is shown once, here, for the inviter to pass on. */
export function InviteModal({ roles, onClose, onInvited }: { roles: Role[]; onClose: () => void; onInvited: () => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState(() => (roles.find((r) => r.key === 'agent') ?? roles[0])?.id ?? '');
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { email: email.trim(), roleId, ...(name.trim() ? { name: name.trim() } : {}) };
      const { token } = await api<{ invitation: Invitation; token: string }>('POST', '/api/v1/invitations', body);
      setLink(`${window.location.origin}/accept-invite?token=${encodeURIComponent(token)}`);
      onInvited();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  if (link) {
    return (
      <Modal title={t('team.invitedTitle')} onClose={onClose}>
        <p>{t('team.invitedText', { email: email.trim() })}</p>
        <CopyField value={link} label={t('team.inviteLink')} />
        <p className="note note-warn">{t('common.shownOnce')}</p>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            {t('common.done')}
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={t('team.inviteTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('field.email')}</span>
          <input type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>
            {t('field.name')} <span className="muted">{t('common.optional')}</span>
          </span>
          <input maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('field.role')}</span>
          <RoleSelect roles={roles} value={roleId} onChange={setRoleId} />
        </label>
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy} submitLabel={t('team.sendInvite')} />
      </form>
    </Modal>
  );
}

/** Pending invitations; `round` changes when a new one was sent. */
export function Invitations({ roles, round }: { roles: Role[]; round: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  // `round` is not read: a new value only asks for a fresh list.
  const load = useCallback(() => api<Items<Invitation>>('GET', '/api/v1/invitations').then((r) => r.items), [round]);
  const { data, error, reload } = useLoad(load);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const roleById = new Map(roles.map((r) => [r.id, r]));

  const revoke = async (id: string) => {
    setRevokeError(null);
    try {
      await api('DELETE', `/api/v1/invitations/${encodeURIComponent(id)}`);
      reload();
    } catch (err) {
      setRevokeError(err);
    }
  };

  return (
    <section className="section">
      <h2>{t('team.invitations')}</h2>
      <ErrorNote error={error ?? revokeError} />
      {!data && !error && <Loading />}
      {data && data.length === 0 && <p className="muted empty">{t('team.noInvitations')}</p>}
      {data && data.length > 0 && (
        <div className="card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('field.email')}</th>
                <th>{t('field.role')}</th>
                <th>{t('team.expires')}</th>
                <th className="actions-col" aria-label={t('common.actions')} />
              </tr>
            </thead>
            <tbody>
              {data.map((inv) => (
                <tr key={inv.id}>
                  <td>
                    <div className="cell-title">{inv.email}</div>
                    {inv.name && <div className="cell-sub">{inv.name}</div>}
                  </td>
                  <td>{roleLabel(i18n, roleById.get(inv.roleId))}</td>
                  <td className="muted">{i18n.dateTime(inv.expiresAt)}</td>
                  <td className="actions-col">
                    <ConfirmButton label={t('common.revoke')} confirmLabel={t('common.confirmRevoke')} onConfirm={() => void revoke(inv.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
