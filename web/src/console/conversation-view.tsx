import { useImperativeHandle, useRef, useState, type Ref } from 'react';
import { ErrorNote, Loading } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { patchConversation } from './actions.ts';
import { useContact } from './cache.ts';
import { Composer, type ComposerHandle, type ComposerMode } from './composer.tsx';
import { ConversationToolbar } from './conversation-toolbar.tsx';
import { CustomerPanel } from './customer-panel.tsx';
import { contactLabel } from './model.ts';
import { handoffSummary, Timeline } from './timeline.tsx';
import { useConversation } from './use-conversation.ts';

export interface ConversationViewHandle {
  focusComposer: (mode: ComposerMode) => void;
  resolve: () => void;
}

const INFO_KEY = 'kefu.console.info';

/**
 * One conversation: header actions, the bot's handoff summary pinned on
 * top, the live timeline, the composer, and the customer panel beside it.
 */
export function ConversationView({ id, handle }: { id: string; handle?: Ref<ConversationViewHandle> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me, can } = useSession();
  const open = useConversation(id, me?.user?.id);
  const { conversation, messages } = open;
  const contact = useContact(conversation?.contactId);
  const composer = useRef<ComposerHandle>(null);
  const [info, setInfo] = useState(() => window.localStorage.getItem(INFO_KEY) !== 'hidden');
  const [summaryOpen, setSummaryOpen] = useState(true);

  useImperativeHandle(handle, () => ({
    focusComposer: (mode) => composer.current?.focus(mode),
    resolve: () => {
      if (conversation && conversation.status !== 'resolved' && can('conversations.manage')) {
        patchConversation(conversation.id, { status: 'resolved' }).then(open.setConversation, () => undefined);
      }
    },
  }));

  if (open.error) return <ErrorNote error={open.error} />;
  if (!conversation) return <Loading />;
  const name = contactLabel(contact, t('customer.visitor'));
  const summary = handoffSummary(messages);
  const toggleInfo = () => {
    window.localStorage.setItem(INFO_KEY, info ? 'hidden' : 'shown');
    setInfo(!info);
  };

  return (
    <div className={info ? 'conv conv-with-info' : 'conv'}>
      <div className="conv-main">
        <ConversationToolbar conversation={conversation} contactName={name} onChange={open.setConversation} onToggleInfo={toggleInfo} />
        {summary && (
          <section className="handoff" aria-label={t('timeline.handoff')}>
            <button type="button" className="handoff-head" aria-expanded={summaryOpen} onClick={() => setSummaryOpen(!summaryOpen)}>
              <span className="handoff-title">{t('timeline.handoff')}</span>
              <span className="muted small">{i18n.dateTime(summary.createdAt)}</span>
            </button>
            {summaryOpen && <div className="handoff-text">{summary.content}</div>}
          </section>
        )}
        <Timeline
          messages={messages}
          contactName={name}
          typing={open.typing}
          hasEarlier={open.hasEarlier}
          onLoadEarlier={() => void open.loadEarlier().catch(() => undefined)}
        />
        {can('messages.send') ? (
          <Composer conversation={conversation} messages={messages} onSent={open.addMessage} handle={composer} />
        ) : (
          <p className="composer-off muted small">{t('composer.readOnly')}</p>
        )}
      </div>
      {info && <CustomerPanel conversation={conversation} onChange={open.setConversation} />}
    </div>
  );
}
