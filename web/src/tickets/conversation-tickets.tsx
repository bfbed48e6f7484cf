import { useCallback, useState, type FormEvent } from 'react';
import { ErrorNote, Modal, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ticketApi } from './ticket-api.ts';
import { CategoryField, CreateTicketActions, PriorityField, StatusBadge, useTicketConfig, useTicketEvents } from './ticket-bits.tsx';
import './tickets.css';

/** The dialog behind "Create ticket": the server pre-fills the rest; the agent may pick a category and priority first. */
function CreateFromConversationDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const { t } = useI18n();
  const { categories } = useTicketConfig();
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [priority, setPriority] = useState('');
  const [subject, setSubject] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    ticketApi
      .fromConversation(conversationId, {
        ...(categoryId ? { categoryId } : {}),
        ...(priority ? { priority } : {}),
        ...(subject.trim() ? { subject: subject.trim() } : {}),
      })
      .then(
        (ticket) => navigate(`/tickets/${ticket.id}`),
        (err: unknown) => {
          setError(err);
          setBusy(false);
        },
      );
  };
  return (
    <Modal title={t('tickets.fromConversation')} onClose={onClose}>
      <form className="form ticket-form" onSubmit={submit}>
        <p className="muted small">{t('tickets.prefillHint')}</p>
        <label className="field">
          <span>{t('tickets.subject')}</span>
          <input value={subject} onChange={(e) => setSubject(e.target.value)} placeholder={t('tickets.subjectAuto')} maxLength={200} />
        </label>
        <CategoryField categories={categories} value={categoryId} onChange={setCategoryId} />
        <PriorityField value={priority} onChange={setPriority} emptyLabel={t('tickets.priorityAuto')} />
        <ErrorNote error={error} />
        <CreateTicketActions busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** "创建工单 / Create ticket" in the conversation's header, for roles that may create tickets. */
export function CreateTicketButton({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  if (!can('tickets.manage')) return null;
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
        {t('tickets.createShort')}
      </button>
      {open && <CreateFromConversationDialog conversationId={conversationId} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The conversation panel's "Tickets" section: the tickets made from (or linked to) this conversation. */
export function ConversationTickets({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const load = useCallback(() => ticketApi.ofConversation(conversationId), [conversationId]);
  const { data, error, reload } = useLoad(load);
  useTicketEvents((event) => {
    if (event.type === 'ticket.created' || data?.items.some((x) => x.id === event.ticket.id)) reload();
  });
  if (!can('tickets.read')) return null;
  return (
    <section className="panel-section conv-tickets">
      <h3>{t('tickets.title')}</h3>
      <ErrorNote error={error} />
      {data && data.items.length === 0 && <div className="muted small">{t('tickets.noneForConversation')}</div>}
      <ul className="tk-related">
        {data?.items.map((ticket) => (
          <li key={ticket.id} className="tk-rel">
            <Link to={`/tickets/${ticket.id}`}>
              <span className="mono">{ticket.number}</span> {ticket.subject}
            </Link>
            <StatusBadge status={ticket.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
