import { useCallback, useState } from 'react';
import { api, saveDownload } from '../api.ts';
import { Badge, ErrorNote, Modal, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import type { ContactExport } from './api.ts';

function EraseDialog({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const { t } = useI18n();
  const phrase = `ERASE ${contactId}`;
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/v1/contacts/${encodeURIComponent(contactId)}/erase`, { confirm: typed });
      setDone(true);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <Modal title={t('dataRights.eraseTitle')} onClose={onClose}>
      <p className="note note-warn">{t('dataRights.eraseWarning')}</p>
      {done ? (
        <div className="note note-good">{t('dataRights.erased')}</div>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void erase();
          }}
        >
          <label className="field">
            <span>{t('dataRights.eraseType', { phrase })}</span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} autoComplete="off" />
          </label>
          <ErrorNote error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-danger" disabled={busy || typed.trim() !== phrase}>
              {t('dataRights.eraseConfirm')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

function ExportList({ contactId, version }: { contactId: string; version: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  // `version` reloads the list after a new export.
  const load = useCallback(
    () => api<{ items: ContactExport[] }>('GET', `/api/v1/contacts/${encodeURIComponent(contactId)}/exports`),
    [contactId, version],
  );
  const { data, error, reload } = useLoad(load);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  if (error) return <ErrorNote error={error} />;
  if (!data?.items.length) return null;
  return (
    <div className="small">
      <div className="muted">
        {t('dataRights.exports')}{' '}
        <button type="button" className="btn btn-small btn-quiet" onClick={reload}>
          {t('dataRights.refresh')}
        </button>
      </div>
      <ul className="past">
        {data.items.slice(0, 3).map((x) => (
          <li key={x.id}>
            <Badge tone={x.status === 'ready' ? 'good' : x.status === 'failed' ? 'warn' : 'neutral'}>{t(`dataRights.status.${x.status}`)}</Badge>{' '}
            <span className="muted">{i18n.dateTime(x.createdAt)}</span>{' '}
            {x.status === 'ready' && (
              <button
                type="button"
                className="btn btn-small"
                title={x.expiresAt ? t('dataRights.expires', { time: i18n.dateTime(x.expiresAt) }) : undefined}
                onClick={() =>
                  void saveDownload(
                    `/api/v1/contacts/${encodeURIComponent(contactId)}/exports/${x.id}/download`,
                    `kefu-export-${contactId}.zip`,
                  ).catch(setDownloadError)
                }
              >
                {t('dataRights.download')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={downloadError} />
    </div>
  );
}

/** Admin-only "Export data" and "Erase contact" on the customer panel (docs/data-rights.md). */
export function ContactDataRights({ contactId }: { contactId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [erasing, setErasing] = useState(false);
  const [version, setVersion] = useState(0);
  const [queued, setQueued] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!can('privacy.manage')) return null;
  const requestExport = async () => {
    setError(null);
    try {
      await api('POST', `/api/v1/contacts/${encodeURIComponent(contactId)}/exports`);
      setQueued(true);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel-section">
      <h3>{t('dataRights.section')}</h3>
      <div className="form-actions">
        <button type="button" className="btn btn-small" onClick={() => void requestExport()}>
          {t('dataRights.export')}
        </button>
        <button type="button" className="btn btn-small btn-danger" onClick={() => setErasing(true)}>
          {t('dataRights.erase')}
        </button>
      </div>
      {queued && <div className="muted small">{t('dataRights.exportQueued')}</div>}
      <ErrorNote error={error} />
      <ExportList contactId={contactId} version={version} />
      {erasing && <EraseDialog contactId={contactId} onClose={() => setErasing(false)} />}
    </section>
  );
}
