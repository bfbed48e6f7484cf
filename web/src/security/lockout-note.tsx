import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

/** In the member dialog: whether failed sign-ins locked this member out, with an Unlock button (admins). */
export function LockoutNote({ userId }: { userId: string }) {
  const { t } = useI18n();
  const [lock, setLock] = useState<{ locked: boolean; retryAfterSeconds: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const url = `/api/v1/auth/users/${encodeURIComponent(userId)}/lockout`;
  useEffect(() => {
    api<{ locked: boolean; retryAfterSeconds: number }>('GET', url).then(setLock, () => setLock(null));
  }, [url]);
  if (!lock?.locked) return null;
  const unlock = () => api('DELETE', url).then(() => setLock({ locked: false, retryAfterSeconds: 0 }), setError);
  return (
    <div className="note note-warn" data-testid="lockout">
      <span>{t('lockout.locked', { minutes: Math.max(1, Math.ceil(lock.retryAfterSeconds / 60)) })}</span>{' '}
      <button type="button" className="btn btn-small" onClick={() => void unlock()}>
        {t('lockout.unlock')}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
