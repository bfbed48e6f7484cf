import { useCallback } from 'react';
import { api, query, type Page } from '../api.ts';
import { Badge, ErrorNote, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { valueLabel } from './activity.ts';
import { rememberContact } from './cache.ts';
import { ConversationDetails } from './conversation-details.tsx';
import { ContactField } from '../privacy/masked-text.tsx';
import { useDirectory } from './directory.tsx';
import type { Contact, Conversation } from './model.ts';
import { ConversationTickets } from '../tickets/conversation-tickets.tsx';
import { ContactDataRights } from '../data-rights/contact-actions.tsx';

function ContactCard({ contactId }: { contactId: string }) {
  const { t, maybe } = useI18n();
  const load = useCallback(async () => {
    const contact = await api<Contact>('GET', `/api/v1/contacts/${encodeURIComponent(contactId)}`);
    rememberContact(contact);
    return contact;
  }, [contactId]);
  const { data: contact, error } = useLoad(load);
  if (error) return <ErrorNote error={error} />;
  if (!contact) return <div className="muted small">{t('common.loading')}</div>;
  const attributes = Object.entries(contact.attributes).filter(([, v]) => v !== null && v !== '');
  return (
    <>
      <div className="contact-head">
        <div className="avatar avatar-large" aria-hidden="true">
          {(Array.from(contact.name ?? contact.email ?? '?')[0] ?? '?').toUpperCase()}
        </div>
        <div>
          <div className="contact-name">{contact.name ?? t('customer.anonymous')}</div>
          {contact.locale && <div className="muted small">{maybe(`lang.${contact.locale}`) ?? contact.locale}</div>}
        </div>
      </div>
      <dl className="kv">
        {contact.email && (
          <div className="kv-row">
            <dt>{t('field.email')}</dt>
            <dd>
              <ContactField contactId={contact.id} field="email" value={contact.email} />
            </dd>
          </div>
        )}
        {contact.phone && (
          <div className="kv-row">
            <dt>{t('customer.phone')}</dt>
            <dd>
              <ContactField contactId={contact.id} field="phone" value={contact.phone} />
            </dd>
          </div>
        )}
        {(contact.identities ?? []).map((identity) => (
          <div key={identity.id} className="kv-row">
            <dt>{maybe(`channel.${identity.kind}`) ?? identity.kind}</dt>
            <dd className="mono-ish" title={identity.value}>
              {identity.value}
            </dd>
          </div>
        ))}
        {attributes.map(([key, value]) => (
          <div key={key} className="kv-row">
            <dt>{key}</dt>
            <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function PastConversations({ contactId, currentId }: { contactId: string; currentId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const { query: params } = useLocation();
  const load = useCallback(() => api<Page<Conversation>>('GET', `/api/v1/conversations${query({ contactId, limit: 20 })}`), [contactId]);
  const { data, error } = useLoad(load);
  if (error) return <ErrorNote error={error} />;
  const others = (data?.items ?? []).filter((c) => c.id !== currentId);
  const keep = params.toString();
  return (
    <ul className="past">
      {data && others.length === 0 && <li className="muted small">{t('customer.noPast')}</li>}
      {others.map((c) => (
        <li key={c.id}>
          <Link to={`/inbox/${c.id}${keep ? `?${keep}` : ''}`} className="past-item">
            <span className="past-top">
              <span>{directory.inbox(c.inboxId)?.name ?? c.inboxId}</span>
              <Badge tone={c.status === 'resolved' ? 'good' : 'neutral'}>{valueLabel(i18n, 'status', c.status)}</Badge>
            </span>
            <span className="muted small">{i18n.dateTime(c.lastMessageAt)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The right-hand panel: the conversation's settings, who the customer is, and their other conversations. */
export function CustomerPanel({ conversation, onChange }: { conversation: Conversation; onChange: (c: Conversation) => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <aside className="customer-panel" aria-label={t('customer.title')}>
      <ConversationDetails conversation={conversation} onChange={onChange} />
      <ConversationTickets conversationId={conversation.id} />
      {can('contacts.read') && (
        <>
          <section className="panel-section">
            <h3>{t('customer.title')}</h3>
            <ContactCard contactId={conversation.contactId} />
          </section>
          <section className="panel-section">
            <h3>{t('customer.past')}</h3>
            <PastConversations contactId={conversation.contactId} currentId={conversation.id} />
          </section>
          <ContactDataRights contactId={conversation.contactId} />
        </>
      )}
    </aside>
  );
}
