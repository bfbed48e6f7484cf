import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote, HintedField, PageHeader, roleLabel } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { TwoFactorCard } from '../security/two-factor-settings.tsx';
import { useSession } from '../session.tsx';

function PasswordForm() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <form className="card form form-card narrow" onSubmit={(e) => void submit(e)}>
      <h2>{t('account.password')}</h2>
      <label className="field">
        <span>{t('account.currentPassword')}</span>
        <input type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <HintedField label={t('account.newPassword')} hint={t('field.passwordHint')}>
        <input
          type="password"
          required
          minLength={10}
          maxLength={200}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </HintedField>
      <label className="field">
        <span>{t('field.confirmPassword')}</span>
        <input type="password" required autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </label>
      {mismatch && <div className="note note-error">{t('field.passwordMismatch')}</div>}
      <ErrorNote error={error} />
      {done && <div className="note note-good">{t('account.passwordChanged')}</div>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('account.changePassword')}
        </button>
      </div>
    </form>
  );
}

/** Who you are signed in as, your password and two-factor authentication. */
export function AccountPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  if (!me) return null;
  return (
    <>
      <PageHeader title={t('account.title')} />
      <section className="card narrow">
        <dl className="facts">
          <dt>{t('field.name')}</dt>
          <dd>{me.user?.name ?? '—'}</dd>
          <dt>{t('field.email')}</dt>
          <dd>{me.user?.email ?? '—'}</dd>
          <dt>{t('field.role')}</dt>
          <dd>{roleLabel(i18n, me.role)}</dd>
          <dt>{t('account.workspace')}</dt>
          <dd>
            {me.workspace.name} <span className="muted mono">({me.workspace.slug})</span>
          </dd>
        </dl>
      </section>
      {me.kind === 'user' && <PasswordForm />}
      {me.kind === 'user' && <TwoFactorCard />}
    </>
  );
}
