import { useEffect, useState, type FormEvent } from 'react';
import { api, type LoginChallenge, type LoginResult } from '../api.ts';
import { AuthFrame } from '../components/auth-frame.tsx';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { EnrolmentSecret, RecoveryCodes, type Enrolment } from './two-factor-parts.tsx';

interface StepProps {
  challenge: LoginChallenge;
  /** The session once the second step succeeds. */
  onSignedIn: (result: LoginResult) => void;
  onRestart: () => void;
}

/** The second sign-in step: a code from the app, or a recovery code. */
function CodeStep({ challenge, onSignedIn, onRestart }: StepProps) {
  const { t } = useI18n();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { challenge: challenge.challenge, ...(useRecovery ? { recoveryCode: value.trim() } : { code: value.trim() }) };
      onSignedIn(await api<LoginResult>('POST', '/api/v1/auth/login/2fa', body));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('tfa.stepTitle')} subtitle={t('tfa.stepSubtitle')}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{useRecovery ? t('tfa.recoveryCode') : t('tfa.code')}</span>
          <input
            name="code"
            required
            autoFocus
            autoComplete="one-time-code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            pattern={useRecovery ? undefined : '[0-9]{6}'}
            maxLength={useRecovery ? 40 : 6}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <button type="button" className="link-button" onClick={() => (setUseRecovery(!useRecovery), setValue(''))}>
          {useRecovery ? t('tfa.useCode') : t('tfa.useRecovery')}
        </button>
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('tfa.verify')}
        </button>
        <button type="button" className="link-button" onClick={onRestart}>
          {t('tfa.backToLogin')}
        </button>
      </form>
    </AuthFrame>
  );
}

/** Forced enrolment at sign-in: the secret, a first code, then the recovery codes once. */
function EnrolStep({ challenge, onSignedIn, onRestart }: StepProps) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<(LoginResult & { recoveryCodes: string[] }) | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<Enrolment>('POST', '/api/v1/auth/login/2fa/enrol', { challenge: challenge.challenge }).then(setEnrolment, setError);
  }, [challenge.challenge]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setDone(await api('POST', '/api/v1/auth/login/2fa/enrol/confirm', { challenge: challenge.challenge, code: code.trim() }));
    } catch (err) {
      setError(err);
    }
  };

  if (done) {
    return (
      <AuthFrame title={t('tfa.recoveryTitle')} subtitle={t('tfa.recoveryHint')}>
        <RecoveryCodes codes={done.recoveryCodes} onDone={() => onSignedIn(done)} />
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('tfa.enrolTitle')} subtitle={t('tfa.enrolSubtitle')}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {enrolment && <EnrolmentSecret enrolment={enrolment} />}
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
        <button type="submit" className="btn btn-primary btn-block" disabled={!enrolment}>
          {t('tfa.confirm')}
        </button>
        <button type="button" className="link-button" onClick={onRestart}>
          {t('tfa.backToLogin')}
        </button>
      </form>
    </AuthFrame>
  );
}

/**
 * What the login page shows after a correct password when 2FA is on
 * (`code_required`) or the workspace requires it (`enrolment_required`).
 */
export function LoginSecondStep(props: StepProps) {
  return props.challenge.twoFactor === 'code_required' ? <CodeStep {...props} /> : <EnrolStep {...props} />;
}
