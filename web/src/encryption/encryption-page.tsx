import { useState } from 'react';
import { Badge, ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { getEncryption, rotateKey, setEncryptMessages, type EncryptionStatus } from './encryption-api.ts';

const tone = { active: 'good', retiring: 'warn', retired: 'neutral' } as const;

/** Settings → Encryption (admins): the active data key, rows still to re-encrypt, rotation and the message opt-in. */
export function EncryptionPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, error, reload, setData } = useLoad(getEncryption);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const run = async (action: () => Promise<EncryptionStatus>) => {
    setBusy(true);
    setActionError(null);
    try {
      setData(await action());
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const left = data.rowsLeft.contacts + data.rowsLeft.messages + data.rowsLeft.attachments;
  return (
    <div className="page encryption-page">
      <PageHeader
        title={t('encryption.title')}
        description={t('encryption.description')}
        actions={
          <button type="button" disabled={busy} onClick={() => void run(rotateKey)}>
            {t('encryption.rotate')}
          </button>
        }
      />
      <ErrorNote error={actionError} />
      <section className="card">
        <label>
          <input
            type="checkbox"
            checked={data.encryptMessages}
            disabled={busy}
            onChange={(e) => void run(() => setEncryptMessages(e.target.checked))}
          />{' '}
          {t('encryption.encryptMessages')}
        </label>
        <p className="muted">{t('encryption.encryptMessagesHint')}</p>
      </section>
      <section className="card">
        <p>
          {t('encryption.activeKey')} <code data-active-key>{data.activeKeyId}</code>
        </p>
        <p data-rows-left={left}>
          {left === 0
            ? t('encryption.allCurrent')
            : t('encryption.rowsLeft', {
                contacts: data.rowsLeft.contacts,
                messages: data.rowsLeft.messages,
                attachments: data.rowsLeft.attachments,
              })}{' '}
          <button type="button" className="link" onClick={reload}>
            {t('encryption.refresh')}
          </button>
        </p>
        <table>
          <thead>
            <tr>
              <th>{t('encryption.col.key')}</th>
              <th>{t('encryption.col.status')}</th>
              <th>{t('encryption.col.created')}</th>
            </tr>
          </thead>
          <tbody>
            {data.keys.map((k) => (
              <tr key={k.id}>
                <td>
                  <code>{k.id}</code>
                </td>
                <td>
                  <Badge tone={tone[k.status]}>{t(`encryption.status.${k.status}`)}</Badge>
                </td>
                <td>{i18n.dateTime(k.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
