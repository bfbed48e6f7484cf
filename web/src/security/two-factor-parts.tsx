import { useI18n } from '../i18n/index.tsx';
import { OtpauthQr } from './otpauth-qr.tsx';

/** A new secret from the server: the key and the otpauth URI authenticator apps read. */
export interface Enrolment {
  secret: string;
  otpauthUri: string;
}

/** A QR code to scan, the key grouped in fours for typing, and a link that opens the authenticator app on a phone. */
export function EnrolmentSecret({ enrolment }: { enrolment: Enrolment }) {
  const { t } = useI18n();
  return (
    <div className="note">
      <p>{t('tfa.scan')}</p>
      <OtpauthQr uri={enrolment.otpauthUri} />
      <p>
        {t('tfa.key')}:{' '}
        <code className="mono" data-testid="tfa-secret">
          {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
        </code>
      </p>
      <p>
        <a href={enrolment.otpauthUri}>{t('tfa.openApp')}</a>
      </p>
    </div>
  );
}

/** The ten recovery codes, shown once, with an explicit "saved" button. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <div className="form">
      <ul className="mono" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <button type="button" className="btn btn-primary btn-block" onClick={onDone}>
        {t('tfa.recoverySaved')}
      </button>
    </div>
  );
}
