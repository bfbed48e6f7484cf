import { useState, type FormEvent } from 'react';
import { api, type User } from '../api.ts';
import { AuthFrame } from '../components/auth-frame.tsx';
import { ErrorNote, HintedField } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate, useLocation } from '../router.tsx';

export function AcceptInvitePage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      const user = await api<User>('POST', '/api/v1/invitations/accept', { token, name: name.trim(), password });
      navigate(`/login?joined=1&email=${encodeURIComponent(user.email)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  if (!token) {
    return (
      <AuthFrame title={t('accept.title')}>
        <div className="note note-error">{t('error.invitation_invalid')}</div>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('accept.title')} subtitle={t('accept.subtitle')}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('field.name')}</span>
          <input required maxLength={100} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <HintedField label={t('field.password')} hint={t('field.passwordHint')}>
          <input
            type="password"
            required
            minLength={10}
            maxLength={200}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </HintedField>
        <label className="field">
          <span>{t('field.confirmPassword')}</span>
          <input type="password" required autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        {mismatch && <div className="note note-error">{t('field.passwordMismatch')}</div>}
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('accept.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
