import { useRef, useState, type FormEvent } from 'react';
import { upload } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { fileSize } from '../console/attachments.tsx';
import type { Attachment } from '../console/model.ts';
import { useI18n } from '../i18n/index.tsx';
import { statusLabel, ticketApi, ticketStatuses, type Ticket, type TicketActivity } from './ticket-api.ts';

/**
 * Reply to the customer or write an internal note, optionally setting the
 * status in the same step ("reply and wait for the customer"); files go
 * through the console's upload endpoint first.
 */
export function TicketComposer({ ticket, onSent }: { ticket: Ticket; onSent: (r: { activity: TicketActivity; ticket: Ticket }) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [status, setStatus] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const picker = useRef<HTMLInputElement>(null);

  const attach = async (list: FileList | null) => {
    if (!list) return;
    setError(null);
    try {
      for (const file of Array.from(list)) {
        const saved = await upload<Attachment>('/api/v1/attachments', file);
        setFiles((f) => [...f, saved]);
      }
    } catch (err) {
      setError(err);
    }
  };

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    ticketApi
      .addActivity(ticket.id, { body, kind, attachments: files, ...(status ? { status } : {}) })
      .then((result) => {
        setBody('');
        setFiles([]);
        setStatus('');
        onSent(result);
      }, setError)
      .finally(() => setBusy(false));
  };

  return (
    <form className={kind === 'note' ? 'tk-composer tk-composer-note' : 'tk-composer'} onSubmit={send}>
      <div className="tk-composer-top">
        <div className="segmented" role="tablist" aria-label={t('tickets.composerMode')}>
          {(['reply', 'note'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={kind === k} className={kind === k ? 'on' : ''} onClick={() => setKind(k)}>
              {k === 'reply' ? t('tickets.replyMode') : t('tickets.noteMode')}
            </button>
          ))}
        </div>
        {kind === 'note' && <span className="muted small">{t('tickets.noteHint')}</span>}
      </div>
      <textarea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={4}
        maxLength={20000}
        aria-label={kind === 'reply' ? t('tickets.replyMode') : t('tickets.noteMode')}
        placeholder={kind === 'reply' ? t('tickets.replyPlaceholder') : t('tickets.notePlaceholder')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) send();
        }}
      />
      {files.length > 0 && (
        <ul className="tk-files">
          {files.map((f) => (
            <li key={f.id} className="file-chip">
              <span className="file-name">{f.filename}</span> <span className="muted small">{fileSize(f.size)}</span>
              <button
                type="button"
                className="link-button small"
                onClick={() => setFiles(files.filter((x) => x.id !== f.id))}
                aria-label={t('tickets.removeFile')}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
      <div className="tk-composer-foot">
        <button type="button" className="btn btn-small btn-quiet" onClick={() => picker.current?.click()}>
          {t('tickets.attach')}
        </button>
        <input ref={picker} type="file" multiple hidden onChange={(e) => void attach(e.target.files).then(() => (e.target.value = ''))} />
        <label className="tk-after">
          <span className="muted small">{t('tickets.statusAfter')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label={t('tickets.statusAfter')}>
            <option value="">{t('tickets.statusKeep', { status: statusLabel(i18n, ticket.status) })}</option>
            {ticketStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel(i18n, s)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()}>
          {kind === 'reply' ? t('tickets.sendReply') : t('tickets.addNote')}
        </button>
      </div>
    </form>
  );
}
