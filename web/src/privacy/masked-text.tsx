import { useState } from 'react';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { revealContactField, revealMessage, revealTicket, revealTicketActivity, splitMasked } from './privacy-api.ts';
import './privacy.css';

/**
 * Text with its masked values shown as subtle chips; people whose role holds
 * `pii.reveal` get a "Reveal" action that asks the server for the clear text
 * (each reveal is audited). Text without masked values renders as is.
 */
export function MaskedText({ text, reveal }: { text: string; reveal?: () => Promise<string | null> }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [clear, setClear] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (clear !== null) return <>{clear}</>;
  const parts = splitMasked(text);
  if (!parts.some((p) => p.masked)) return <>{text}</>;
  const show = async () => {
    setError(null);
    try {
      setClear((await reveal?.()) ?? text);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      {parts.map((part, i) =>
        part.masked ? (
          <span key={i} className="pii-chip" title={t('privacy.masked')}>
            {part.text}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
      {reveal && can('pii.reveal') && (
        <button type="button" className="pii-reveal" title={t('privacy.revealHint')} onClick={() => void show()}>
          {t('privacy.reveal')}
        </button>
      )}
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}

/** A message's text, masked values revealable. */
export function MessageText({ id, content }: { id: string; content: string }) {
  return <MaskedText text={content} reveal={async () => (await revealMessage(id)).content} />;
}

/** A contact's email or phone, revealable. */
export function ContactField({ contactId, field, value }: { contactId: string; field: 'email' | 'phone'; value: string }) {
  return <MaskedText text={value} reveal={async () => (await revealContactField(contactId, field)).value} />;
}

/** A ticket's subject or description, revealable. */
export function TicketText({ ticketId, field, text }: { ticketId: string; field: 'subject' | 'description'; text: string }) {
  return <MaskedText text={text} reveal={async () => (await revealTicket(ticketId))[field]} />;
}

/** A ticket reply, customer reply or internal note, revealable. */
export function TicketActivityText({ id, body }: { id: string; body: string }) {
  return <MaskedText text={body} reveal={async () => (await revealTicketActivity(id)).body} />;
}
