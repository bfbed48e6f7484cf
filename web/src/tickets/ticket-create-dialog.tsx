import { useEffect, useState, type FormEvent } from 'react';
import { api, query, type Page } from '../api.ts';
import { ErrorNote, Modal } from '../components/ui.tsx';
import type { Contact } from '../console/model.ts';
import { contactLabel } from '../console/model.ts';
import { useI18n } from '../i18n/index.tsx';
import { FieldInput } from './field-input.tsx';
import { ticketApi, type Ticket } from './ticket-api.ts';
import { CategoryField, CreateTicketActions, PriorityField, useTicketConfig } from './ticket-bits.tsx';

/** Pick the requester by name, email or phone (GET /api/v1/contacts?q=…). */
function RequesterSearch({ value, onChange }: { value: Contact | null; onChange: (c: Contact | null) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Contact[]>([]);
  useEffect(() => {
    if (!q.trim()) return setFound([]);
    let live = true;
    const timer = window.setTimeout(() => {
      api<Page<Contact>>('GET', `/api/v1/contacts${query({ q: q.trim(), limit: 8 })}`).then(
        (p) => live && setFound(p.items),
        () => undefined,
      );
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [q]);
  if (value) {
    return (
      <div className="requester-picked">
        <span>{contactLabel(value, t('customer.visitor'))}</span>
        {value.email && <span className="muted small">{value.email}</span>}
        <button type="button" className="link-button small" onClick={() => onChange(null)}>
          {t('tickets.change')}
        </button>
      </div>
    );
  }
  return (
    <div className="requester-search">
      <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('tickets.requesterHint')} aria-label={t('tickets.requester')} />
      {found.length > 0 && (
        <ul className="picker-results" role="listbox">
          {found.map((c) => (
            <li key={c.id}>
              <button type="button" role="option" aria-selected="false" onClick={() => onChange(c)}>
                {contactLabel(c, t('customer.visitor'))} <span className="muted small">{c.email ?? c.phone ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A blank ticket from the list page: requester, subject, description, category, priority and custom fields. */
export function TicketCreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (ticket: Ticket) => void }) {
  const { t } = useI18n();
  const { categories, fields } = useTicketConfig();
  const [contact, setContact] = useState<Contact | null>(null);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [priority, setPriority] = useState('');
  const [custom, setCustom] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!contact) return setError(new Error('requester'));
    setBusy(true);
    const customFields = Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== null && v !== ''));
    ticketApi
      .create({ contactId: contact.id, subject, description, categoryId, ...(priority ? { priority } : {}), customFields })
      .then(onCreated, (err: unknown) => {
        setError(err);
        setBusy(false);
      });
  };

  return (
    <Modal title={t('tickets.createTitle')} onClose={onClose}>
      <form className="form ticket-form" onSubmit={submit}>
        <div className="field">
          <span>{t('tickets.requester')}</span>
          <RequesterSearch value={contact} onChange={setContact} />
        </div>
        <label className="field">
          <span>{t('tickets.subject')}</span>
          <input value={subject} onChange={(e) => setSubject(e.target.value)} required maxLength={200} />
        </label>
        <label className="field">
          <span>{t('tickets.description')}</span>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={5} maxLength={20000} />
        </label>
        <CategoryField categories={categories} value={categoryId} onChange={setCategoryId} />
        <PriorityField value={priority} onChange={setPriority} emptyLabel={t('tickets.byCategory')} />
        {fields.map((f) => (
          <FieldInput key={f.id} field={f} value={custom[f.key]} onChange={(v) => setCustom({ ...custom, [f.key]: v })} />
        ))}
        {error instanceof Error && error.message === 'requester' ? (
          <div className="note note-error">{t('tickets.requesterNeeded')}</div>
        ) : (
          <ErrorNote error={error} />
        )}
        <CreateTicketActions busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}
