import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type LoginChallenge, type LoginResult } from '../api.ts';
import { AuthFrame } from '../components/auth-frame.tsx';
import { ErrorNote, HintedField } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate, useLocation } from '../router.tsx';
import { LoginSecondStep } from '../security/login-second-step.tsx';
import { useSession } from '../session.tsx';

/** Only same-origin paths inside the console may be a `next` target. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [workspace, setWorkspace] = useState(query.get('workspace') ?? '');
  const [askWorkspace, setAskWorkspace] = useState(Boolean(query.get('workspace')));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<LoginChallenge | null>(null);
  const next = safeNext(query.get('next'));

  // Already signed in: go on, unless a new member just joined and wants to sign in as themselves.
  const joined = Boolean(query.get('joined'));
  useEffect(() => {
    if (session.status === 'ready' && !joined) navigate(next, { replace: true });
  }, [session.status, joined, next]);

  const finish = async (result: LoginResult) => {
    await session.signIn(result.token);
    navigate(next, { replace: true });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { email: email.trim(), password, ...(askWorkspace && workspace.trim() ? { workspace: workspace.trim() } : {}) };
      const result = await api<LoginResult | LoginChallenge>('POST', '/api/v1/auth/login', body);
      if ('challenge' in result) {
        setChallenge(result);
        setBusy(false);
        return;
      }
      await finish(result);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'workspace_required') setAskWorkspace(true);
      setError(err);
      setBusy(false);
    }
  };

  if (challenge) {
    const restart = () => (setChallenge(null), setPassword(''));
    return <LoginSecondStep challenge={challenge} onSignedIn={(result) => void finish(result)} onRestart={restart} />;
  }

  return (
    <AuthFrame title={t('login.title')} subtitle={t('login.subtitle')}>
      {joined && <div className="note note-good">{t('login.joined')}</div>}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('field.email')}</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus={!email} />
        </label>
        <label className="field">
          <span>{t('field.password')}</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus={Boolean(email)}
          />
        </label>
        {askWorkspace ? (
          <HintedField label={t('login.workspace')} hint={t('login.workspaceHint')}>
            <input value={workspace} onChange={(e) => setWorkspace(e.target.value)} placeholder="demo-shop" autoCapitalize="off" spellCheck={false} />
          </HintedField>
        ) : (
          <button type="button" className="link-button" onClick={() => setAskWorkspace(true)}>
            {t('login.chooseWorkspace')}
          </button>
        )}
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
