import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { EnrolmentSecret, RecoveryCodes, type Enrolment } from './two-factor-parts.tsx';

interface Status {
  enabled: boolean;
  recoveryCodesLeft: number;
  required: boolean;
}

/** Start enrolment, confirm with a first code, then show the recovery codes once. */
function EnableForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const start = () => api<Enrolment>('POST', '/api/v1/auth/2fa/enrol').then(setEnrolment, setError);
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setCodes((await api<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/2fa/confirm', { code: code.trim() })).recoveryCodes);
    } catch (err) {
      setError(err);
    }
  };

  if (codes) {
    return (
      <>
        <p>{t('tfa.recoveryHint')}</p>
        <RecoveryCodes codes={codes} onDone={onChanged} />
      </>
    );
  }
  if (!enrolment) {
    return (
      <>
        <ErrorNote error={error} />
        <button type="button" className="btn btn-primary" onClick={() => void start()}>
          {t('tfa.enable')}
        </button>
      </>
    );
  }
  return (
    <form className="form" onSubmit={(e) => void confirm(e)}>
      <EnrolmentSecret enrolment={enrolment} />
      <label className="field">
        <span>{t('tfa.code')}</span>
        <input
          name="code"
          required
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {t('tfa.confirm')}
        </button>
      </div>
    </form>
  );
}

/** Turning 2FA off takes the password and a current code (or a recovery code). */
function DisableForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const value = code.trim();
    try {
      await api('POST', '/api/v1/auth/2fa/disable', { password, ...(/^\d{6}$/.test(value) ? { code: value } : { recoveryCode: value }) });
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <p className="muted">{t('tfa.disableHint')}</p>
      <label className="field">
        <span>{t('field.password')}</span>
        <input type="password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('tfa.codeOrRecovery')}</span>
        <input required autoComplete="one-time-code" maxLength={40} value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="btn">
          {t('tfa.disable')}
        </button>
      </div>
    </form>
  );
}

/** The workspace rule "require 2FA for admins", for those who manage the workspace. */
function WorkspaceRule() {
  const { t } = useI18n();
  const [value, setValue] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ requireAdminTwoFactor: boolean }>('GET', '/api/v1/auth/settings').then((s) => setValue(s.requireAdminTwoFactor), setError);
  }, []);
  const change = (next: boolean) =>
    api<{ requireAdminTwoFactor: boolean }>('PUT', '/api/v1/auth/settings', { requireAdminTwoFactor: next }).then(
      (s) => setValue(s.requireAdminTwoFactor),
      setError,
    );
  return (
    <div className="form">
      <label className="check">
        <input type="checkbox" checked={value ?? false} disabled={value === null} onChange={(e) => void change(e.target.checked)} />
        <span>{t('tfa.workspaceRule')}</span>
      </label>
      <p className="muted">{t('tfa.workspaceRuleHint')}</p>
      <ErrorNote error={error} />
    </div>
  );
}

/** The account page's two-factor card: status, enable, disable, and the workspace rule for admins. */
export function TwoFactorCard() {
  const { t } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => void api<Status>('GET', '/api/v1/auth/2fa').then(setStatus, setError), []);
  useEffect(load, [load]);

  return (
    <section className="card form-card narrow" data-testid="two-factor">
      <h2>
        {t('tfa.title')} <span className={status?.enabled ? 'badge badge-good' : 'badge'}>{status?.enabled ? t('tfa.on') : t('tfa.off')}</span>
      </h2>
      <p className="muted">{t('tfa.intro')}</p>
      {status?.required && !status.enabled && <div className="note note-warn">{t('tfa.required')}</div>}
      {status?.enabled && <p>{t('tfa.recoveryLeft', { count: status.recoveryCodesLeft })}</p>}
      <ErrorNote error={error} />
      {status && (status.enabled ? <DisableForm onChanged={load} /> : <EnableForm onChanged={load} />)}
      {can('workspace.manage') && <WorkspaceRule />}
    </section>
  );
}
