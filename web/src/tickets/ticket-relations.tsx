import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNote, Modal } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { findByNumber, ticketApi, type ListedTicket, type RelatedTicket, type TicketDetail } from './ticket-api.ts';
import { StatusBadge } from './ticket-bits.tsx';

function Row({ ticket, extra }: { ticket: RelatedTicket; extra?: ReactNode }) {
  return (
    <li className="tk-rel">
      <Link to={`/tickets/${ticket.id}`}>
        <span className="mono">{ticket.number}</span> {ticket.subject}
      </Link>
      <StatusBadge status={ticket.status} />
      {extra}
    </li>
  );
}

/** Find the other ticket by its number, then act on it: merge this one into it, or link it. */
function ByNumberDialog({
  title,
  action,
  withKind,
  onClose,
  onConfirm,
}: {
  title: string;
  action: string;
  withKind: boolean;
  onClose: () => void;
  onConfirm: (other: ListedTicket, kind: string) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState('related');
  const [found, setFound] = useState<ListedTicket | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const look = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    findByNumber(number).then((ticket) => {
      setFound(ticket);
      setMissing(!ticket);
    }, setError);
  };
  return (
    <Modal title={title} onClose={onClose}>
      <form className="form" onSubmit={look}>
        <label className="field">
          <span>{t('tickets.otherNumber')}</span>
          <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="T-2026-000123" spellCheck={false} />
        </label>
        {withKind && (
          <label className="field">
            <span>{t('tickets.linkKindLabel')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="related">{t('tickets.linkKind.related')}</option>
              <option value="duplicate">{t('tickets.linkKind.duplicate')}</option>
            </select>
          </label>
        )}
        <button type="submit" className="btn">
          {t('tickets.find')}
        </button>
        {missing && <div className="note note-warn">{t('tickets.notFound')}</div>}
        {found && (
          <div className="tk-found">
            <span className="mono">{found.number}</span> {found.subject} <StatusBadge status={found.status} />
          </div>
        )}
        <ErrorNote error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" disabled={!found} onClick={() => found && onConfirm(found, kind).then(onClose, setError)}>
            {action}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Parent, children and linked tickets, with merge, split and link. */
export function TicketRelations({
  detail,
  canManage,
  splitting,
  onSplit,
  onChanged,
}: {
  detail: TicketDetail;
  canManage: boolean;
  splitting: boolean;
  onSplit: () => void;
  onChanged: () => void;
}) {
  const { t, maybe } = useI18n();
  const [dialog, setDialog] = useState<'merge' | 'link' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { ticket } = detail;
  const merged = Boolean(ticket.mergedIntoId);
  return (
    <section className="panel-section">
      <h3>{t('tickets.related')}</h3>
      {ticket.mergedIntoId && (
        <p className="small">
          {t('tickets.mergedNote')} <Link to={`/tickets/${ticket.mergedIntoId}`}>{t('tickets.open')}</Link>
        </p>
      )}
      <ul className="tk-related">
        {detail.parent && <Row ticket={detail.parent} extra={<span className="muted small">{t('tickets.parent')}</span>} />}
        {detail.children.map((c) => (
          <Row key={c.id} ticket={c} extra={<span className="muted small">{t('tickets.child')}</span>} />
        ))}
        {detail.links.map((l) => (
          <Row
            key={l.ticket.id}
            ticket={l.ticket}
            extra={
              <>
                <span className="muted small">{maybe(`tickets.linkKind.${l.kind}`) ?? l.kind}</span>
                {canManage && (
                  <button
                    type="button"
                    className="link-button small"
                    aria-label={t('tickets.unlink')}
                    title={t('tickets.unlink')}
                    onClick={() => ticketApi.unlink(ticket.id, l.ticket.id).then(onChanged, setError)}
                  >
                    ×
                  </button>
                )}
              </>
            }
          />
        ))}
        {!detail.parent && detail.children.length === 0 && detail.links.length === 0 && <li className="muted small">{t('tickets.noRelated')}</li>}
      </ul>
      <ErrorNote error={error} />
      {canManage && !merged && (
        <div className="tk-rel-actions">
          <button type="button" className="btn btn-small" onClick={() => setDialog('merge')}>
            {t('tickets.merge')}
          </button>
          <button type="button" className={splitting ? 'btn btn-small btn-primary' : 'btn btn-small'} onClick={onSplit}>
            {splitting ? t('tickets.splitCancel') : t('tickets.split')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setDialog('link')}>
            {t('tickets.link')}
          </button>
        </div>
      )}
      {dialog === 'merge' && (
        <ByNumberDialog
          title={t('tickets.mergeTitle', { number: ticket.number })}
          action={t('tickets.mergeConfirm')}
          withKind={false}
          onClose={() => setDialog(null)}
          onConfirm={(other) => ticketApi.merge(ticket.id, other.id).then(onChanged)}
        />
      )}
      {dialog === 'link' && (
        <ByNumberDialog
          title={t('tickets.linkTitle')}
          action={t('tickets.link')}
          withKind
          onClose={() => setDialog(null)}
          onConfirm={(other, kind) => ticketApi.link(ticket.id, other.id, kind).then(onChanged)}
        />
      )}
    </section>
  );
}
