import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorNote, Loading } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useContact } from '../console/cache.ts';
import { contactLabel } from '../console/model.ts';
import { useI18n } from '../i18n/index.tsx';
import { TicketText } from '../privacy/masked-text.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { HistoryContext } from './history-text.ts';
import { SlaBadge } from '../sla/sla-badge.tsx';
import type { TicketSla } from '../sla/types.ts';
import { categoryPath, ticketApi, type TicketDetail, type TicketPatch } from './ticket-api.ts';
import { PriorityBadge, StatusBadge, useTicketConfig, useTicketEvents } from './ticket-bits.tsx';
import { TicketComposer } from './ticket-composer.tsx';
import { TicketHistory } from './ticket-history.tsx';
import { TicketRelations } from './ticket-relations.tsx';
import { TicketSidebar } from './ticket-sidebar.tsx';
import './tickets.css';

function Subject({ ticketId, subject, editable, onSave }: { ticketId: string; subject: string; editable: boolean; onSave: (s: string) => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(subject);
  if (!editing) {
    return (
      <h1 className="tk-subject">
        <TicketText ticketId={ticketId} field="subject" text={subject} />
        {editable && (
          <button
            type="button"
            className="link-button small tk-edit"
            onClick={() => {
              setDraft(subject);
              setEditing(true);
            }}
          >
            {t('tickets.edit')}
          </button>
        )}
      </h1>
    );
  }
  const save = () => {
    setEditing(false);
    if (draft.trim() && draft.trim() !== subject) onSave(draft.trim());
  };
  return (
    <input
      className="tk-subject-input"
      value={draft}
      autoFocus
      maxLength={200}
      aria-label={t('tickets.subject')}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') save();
        if (e.key === 'Escape') setEditing(false);
      }}
    />
  );
}

/** /tickets/:id — the header, the history with the composer, and the properties beside them; follows changes live. */
export function TicketPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSession();
  const directory = useDirectory();
  const { categories, fields } = useTicketConfig();
  const [detail, setDetail] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [splitting, setSplitting] = useState(false);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [splitSubject, setSplitSubject] = useState('');
  const contact = useContact(detail?.ticket.contactId);
  const timer = useRef<number | undefined>(undefined);
  const canManage = can('tickets.manage');

  // Answers for a ticket this page no longer shows (the agent followed a link meanwhile) are dropped.
  const shown = useRef(id);
  shown.current = id;
  const reload = useCallback(() => {
    ticketApi.get(id).then(
      (d) => {
        if (shown.current !== id) return;
        setDetail(d);
        setError(null);
      },
      (err: unknown) => shown.current === id && setError(err),
    );
  }, [id]);

  useEffect(() => {
    window.clearTimeout(timer.current);
    setDetail(null);
    setSplitting(false);
    setPicked(new Set());
    reload();
  }, [reload]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  // Any change to this ticket (by anyone, in any tab) re-reads it once the burst of events settles.
  useTicketEvents((event) => {
    if (event.ticket.id !== id && event.ticket.mergedIntoId !== id) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(reload, 150);
  });

  if (error) return <ErrorNote error={error} />;
  if (!detail) return <Loading />;
  const { ticket } = detail;
  const h: HistoryContext = { i18n, directory, categories, fields, requester: contactLabel(contact, t('customer.visitor')) };

  const patch = (body: TicketPatch) => {
    setActionError(null);
    ticketApi.patch(id, body).then(reload, (err: unknown) => {
      setActionError(err);
      reload();
    });
  };

  const split = () => {
    setActionError(null);
    ticketApi.split(id, splitSubject.trim() || ticket.subject, [...picked]).then((created) => navigate(`/tickets/${created.id}`), setActionError);
  };

  return (
    <div className="tk-page">
      <div className="tk-main">
        <header className="tk-head">
          <div className="muted small tk-crumbs">
            <Link to="/tickets">{t('tickets.title')}</Link> / <span className="mono">{ticket.number}</span>
          </div>
          <Subject ticketId={ticket.id} subject={ticket.subject} editable={canManage} onSave={(subject) => patch({ subject })} />
          <div className="tk-head-sub">
            <span className="mono tk-number">{ticket.number}</span>
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            {ticket.categoryId && <span className="muted small">{categoryPath(i18n, categories, ticket.categoryId)}</span>}
            <SlaBadge sla={ticket.sla as unknown as TicketSla} />
          </div>
        </header>
        <ErrorNote error={actionError} />
        <section className="tk-description" aria-label={t('tickets.description')}>
          <div className="tk-msg-head muted small">
            {t('tickets.description')} · {i18n.dateTime(ticket.createdAt)}
          </div>
          <div className="tk-msg-body">
            {ticket.description ? (
              <TicketText ticketId={ticket.id} field="description" text={ticket.description} />
            ) : (
              <span className="muted">{t('tickets.noDescription')}</span>
            )}
          </div>
        </section>
        {splitting && (
          <div className="tk-splitbar note note-warn">
            <span>{t('tickets.splitHint', { n: picked.size })}</span>
            <input
              value={splitSubject}
              onChange={(e) => setSplitSubject(e.target.value)}
              placeholder={t('tickets.splitSubject')}
              aria-label={t('tickets.splitSubject')}
              maxLength={200}
            />
            <button type="button" className="btn btn-small btn-primary" disabled={picked.size === 0} onClick={split}>
              {t('tickets.splitConfirm')}
            </button>
          </div>
        )}
        <TicketHistory
          activities={detail.activities}
          h={h}
          picking={splitting}
          picked={picked}
          onPick={(activityId, on) => {
            const next = new Set(picked);
            if (on) next.add(activityId);
            else next.delete(activityId);
            setPicked(next);
          }}
        />
        {canManage && !ticket.mergedIntoId && <TicketComposer ticket={ticket} onSent={reload} />}
      </div>
      <aside className="tk-side" aria-label={t('tickets.properties')}>
        <TicketSidebar detail={detail} categories={categories} fields={fields} canManage={canManage} onPatch={patch} />
        <TicketRelations
          detail={detail}
          canManage={canManage}
          splitting={splitting}
          onSplit={() => {
            setSplitting(!splitting);
            setPicked(new Set());
          }}
          onChanged={reload}
        />
      </aside>
    </div>
  );
}
