import { useEffect, useLayoutEffect, useRef } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { activitySentences } from './activity.ts';
import { AttachmentList } from './attachments.tsx';
import { useDirectory } from './directory.tsx';
import type { Message } from './model.ts';
import type { Typing } from './use-conversation.ts';
import { MessageText } from '../privacy/masked-text.tsx';

/** The bot's handoff summary: its latest private note (server/flows/bot-turn.ts writes it when it hands over). */
export function handoffSummary(messages: Message[]): Message | undefined {
  return messages.findLast((m) => m.type === 'note' && m.senderType === 'bot');
}

function time(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

function day(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

function Bubble({ message, contactName }: { message: Message; contactName: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  if (message.type === 'activity') {
    return (
      <div className="activity" data-seq={message.seq}>
        {activitySentences(i18n, directory, message).join(' · ')}
        <span className="activity-time">{time(i18n.locale, message.createdAt)}</span>
      </div>
    );
  }
  const author =
    message.senderType === 'contact'
      ? contactName
      : message.senderType === 'bot'
        ? t('console.bot')
        : (directory.userName(message.senderId) ?? t('console.agent'));
  const kind = message.type === 'note' ? 'note' : message.type === 'incoming' ? 'in' : message.senderType === 'bot' ? 'bot' : 'out';
  const failed = message.status === 'failed';
  return (
    <div className={`msg msg-${kind}`} data-seq={message.seq}>
      <div className="msg-meta">
        <span className="msg-author">{author}</span>
        {message.type === 'note' && <span className="msg-tag">{t('timeline.privateNote')}</span>}
        <span>{time(i18n.locale, message.createdAt)}</span>
      </div>
      <div className="bubble">
        {message.content && (
          <div className="msg-text">
            <MessageText id={message.id} content={message.content} />
          </div>
        )}
        <AttachmentList attachments={message.attachments} />
      </div>
      {message.type === 'outgoing' && (
        <div className={failed ? 'msg-status danger-text' : 'msg-status'} title={message.error ?? undefined}>
          {i18n.maybe(`delivery.${message.status}`) ?? message.status}
        </div>
      )}
    </div>
  );
}

/**
 * The whole conversation in order — customer, bot and agent messages,
 * private notes, activity lines — with a date line where the day changes.
 * Sticks to the bottom while the reader is there; keeps their place when
 * older messages load above.
 */
export function Timeline({
  messages,
  contactName,
  typing,
  hasEarlier,
  onLoadEarlier,
}: {
  messages: Message[];
  contactName: string;
  typing: Typing;
  hasEarlier: boolean;
  onLoadEarlier: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const firstSeq = useRef<number | undefined>(undefined);
  const heightBefore = useRef(0);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const first = messages[0]?.seq;
    if (firstSeq.current !== undefined && first !== undefined && first < firstSeq.current) el.scrollTop += el.scrollHeight - heightBefore.current;
    else if (atBottom.current) el.scrollTop = el.scrollHeight;
    firstSeq.current = first;
    heightBefore.current = el.scrollHeight;
  }, [messages, typing]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onScroll = () => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      heightBefore.current = el.scrollHeight;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  const typers = [...(typing.contact ? [contactName] : []), ...typing.users.map((id) => directory.userName(id) ?? t('console.agent'))];
  let lastDay = '';
  return (
    <div className="timeline" ref={box} role="log" aria-label={t('timeline.label')} aria-live="polite">
      {hasEarlier && (
        <div className="timeline-earlier">
          <button type="button" className="btn btn-small btn-quiet" onClick={onLoadEarlier}>
            {t('timeline.earlier')}
          </button>
        </div>
      )}
      {messages.map((m) => {
        const d = day(i18n.locale, m.createdAt);
        const divider = d !== lastDay;
        lastDay = d;
        return (
          <div key={m.id}>
            {divider && <div className="day-line">{d}</div>}
            <Bubble message={m} contactName={contactName} />
          </div>
        );
      })}
      {messages.length === 0 && <div className="empty-page muted">{t('timeline.empty')}</div>}
      <div className="typing" aria-live="polite">
        {typers.length > 0 && (
          <>
            <span className="typing-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {t('timeline.typing', { names: typers.join(', ') })}
          </>
        )}
      </div>
    </div>
  );
}
