import { useState } from 'react';
import { useDirectory } from '../console/directory.tsx';
import { useContact } from '../console/cache.ts';
import { contactLabel } from '../console/model.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { FieldInput } from './field-input.tsx';
import { statusLabel, ticketStatuses, type Category, type TicketDetail, type TicketField, type TicketPatch } from './ticket-api.ts';
import { CategoryField, PriorityOptions, TeamOptions } from './ticket-bits.tsx';

function Labels({ labels, onChange, disabled }: { labels: string[]; onChange: (labels: string[]) => void; disabled: boolean }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  return (
    <div className="tk-labels">
      {labels.map((l) => (
        <span key={l} className="chip">
          {l}
          {!disabled && (
            <button
              type="button"
              className="link-button"
              aria-label={t('tickets.removeLabel', { label: l })}
              onClick={() => onChange(labels.filter((x) => x !== l))}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {!disabled && (
        <input
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={t('tickets.addLabel')}
          aria-label={t('tickets.addLabel')}
          maxLength={50}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            const next = draft.trim();
            if (next && !labels.includes(next)) onChange([...labels, next]);
            setDraft('');
          }}
        />
      )}
    </div>
  );
}

/** The ticket's properties: every change is one PATCH, and the history shows its line. */
export function TicketSidebar({
  detail,
  categories,
  fields,
  canManage,
  onPatch,
}: {
  detail: TicketDetail;
  categories: Category[];
  fields: TicketField[];
  canManage: boolean;
  onPatch: (patch: TicketPatch) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const { ticket } = detail;
  const contact = useContact(ticket.contactId);
  const off = !canManage;
  return (
    <div className="tk-props">
      <label className="field">
        <span>{t('tickets.status')}</span>
        <select aria-label={t('tickets.status')} value={ticket.status} disabled={off} onChange={(e) => onPatch({ status: e.target.value })}>
          {ticketStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabel(i18n, s)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('tickets.priority')}</span>
        <select aria-label={t('tickets.priority')} value={ticket.priority} disabled={off} onChange={(e) => onPatch({ priority: e.target.value })}>
          <PriorityOptions />
        </select>
      </label>
      <CategoryField categories={categories} value={ticket.categoryId} onChange={(categoryId) => onPatch({ categoryId })} />
      <label className="field">
        <span>{t('tickets.team')}</span>
        <select
          aria-label={t('tickets.team')}
          value={ticket.teamId ?? ''}
          disabled={off}
          onChange={(e) => onPatch({ teamId: e.target.value || null })}
        >
          <option value="">{t('tickets.noTeam')}</option>
          <TeamOptions />
        </select>
      </label>
      <label className="field">
        <span>{t('tickets.assignee')}</span>
        <select
          aria-label={t('tickets.assignee')}
          value={ticket.assigneeId ?? ''}
          disabled={off}
          onChange={(e) => onPatch({ assigneeId: e.target.value || null })}
        >
          <option value="">{t('tickets.nobody')}</option>
          {directory.users
            .filter((u) => u.status === 'active' || u.id === ticket.assigneeId)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </select>
      </label>
      <div className="field">
        <span>{t('tickets.labels')}</span>
        <Labels labels={ticket.labels} disabled={off} onChange={(labels) => onPatch({ labels })} />
      </div>
      {fields.map((f) => (
        <FieldInput
          key={`${f.id}:${JSON.stringify(ticket.customFields[f.key] ?? null)}`}
          field={f}
          value={ticket.customFields[f.key]}
          onChange={(v) => onPatch({ customFields: { [f.key]: v } })}
        />
      ))}
      <section className="panel-section">
        <h3>{t('tickets.requester')}</h3>
        <div className="tk-requester">
          <div className="avatar" aria-hidden="true">
            {(Array.from(contact?.name ?? contact?.email ?? '?')[0] ?? '?').toUpperCase()}
          </div>
          <div>
            <div>{contactLabel(contact, t('customer.visitor'))}</div>
            {contact?.email && <div className="muted small">{contact.email}</div>}
            {contact?.phone && <div className="muted small">{contact.phone}</div>}
          </div>
        </div>
      </section>
      <section className="panel-section">
        <h3>{t('tickets.conversations')}</h3>
        {detail.conversationIds.length === 0 && <div className="muted small">{t('tickets.noConversations')}</div>}
        <ul className="tk-related">
          {detail.conversationIds.map((id) => (
            <li key={id}>
              <Link to={`/inbox/${id}`} className="mono small">
                {id}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
