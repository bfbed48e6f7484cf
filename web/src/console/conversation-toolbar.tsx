import { useState } from 'react';
import { Badge, ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { claimConversation, patchConversation, snoozeChoices, type ConversationPatch } from './actions.ts';
import { valueLabel } from './activity.ts';
import { useDirectory } from './directory.tsx';
import { Menu } from './menu.tsx';
import type { Conversation } from './model.ts';
import { TransferDialog } from './transfer-dialog.tsx';
import { CreateTicketButton } from '../tickets/conversation-tickets.tsx';

const statusTone = { open: 'accent', pending: 'warn', snoozed: 'neutral', resolved: 'good', bot: 'neutral' } as const;

/**
 * The conversation's header: who and where, its status, and the actions an
 * agent takes most — claim, transfer, hand back to the bot (inboxes with a
 * bot), snooze, resolve or reopen.
 */
export function ConversationToolbar({
  conversation,
  contactName,
  onChange,
  onToggleInfo,
}: {
  conversation: Conversation;
  contactName: string;
  onChange: (conversation: Conversation) => void;
  onToggleInfo: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me, can } = useSession();
  const directory = useDirectory();
  const [error, setError] = useState<unknown>(null);
  const [transferring, setTransferring] = useState(false);
  const manage = can('conversations.manage');
  const meId = me?.user?.id;
  const inbox = directory.inbox(conversation.inboxId);
  const assignee = directory.userName(conversation.assigneeId);
  const team = directory.teamName(conversation.teamId);

  const run = (action: () => Promise<Conversation>) => {
    setError(null);
    action().then(onChange, setError);
  };
  const patch = (p: ConversationPatch) => run(() => patchConversation(conversation.id, p));
  const resolved = conversation.status === 'resolved';

  return (
    <header className="conv-head">
      <div className="conv-title">
        <h2>{contactName}</h2>
        <div className="conv-sub muted small">
          {inbox && <span>{inbox.name}</span>}
          <Badge tone={statusTone[conversation.status]}>{valueLabel(i18n, 'status', conversation.status)}</Badge>
          {conversation.status === 'snoozed' && conversation.snoozedUntil && (
            <span>{t('conv.snoozedUntil', { time: i18n.dateTime(conversation.snoozedUntil) })}</span>
          )}
          <span>{assignee ? t('conv.assignedTo', { name: assignee }) : t('conv.unassigned')}</span>
          {team && <span>{t('conv.team', { name: team })}</span>}
        </div>
      </div>
      {manage && (
        <div className="conv-actions">
          {!conversation.assigneeId && meId && !resolved && (
            <button type="button" className="btn btn-small" onClick={() => run(() => claimConversation(conversation.id, meId))}>
              {t('conv.claim')}
            </button>
          )}
          <button type="button" className="btn btn-small" onClick={() => setTransferring(true)}>
            {t('conv.transfer')}
          </button>
          <CreateTicketButton conversationId={conversation.id} />
          {inbox?.botEnabled && !resolved && conversation.status !== 'bot' && (
            <button type="button" className="btn btn-small" title={t('conv.toBotHint')} onClick={() => patch({ status: 'bot', assigneeId: null })}>
              {t('conv.toBot')}
            </button>
          )}
          {!resolved && (
            <Menu
              label={t('conv.snooze')}
              items={snoozeChoices().map((c) => ({
                key: c.key,
                label: (
                  <>
                    {t(`snooze.${c.key}` as const)} <span className="muted small">{i18n.dateTime(c.until.toISOString())}</span>
                  </>
                ),
                onSelect: () => patch({ status: 'snoozed', snoozedUntil: c.until.toISOString() }),
              }))}
            />
          )}
          {resolved || conversation.status === 'snoozed' ? (
            <button type="button" className="btn btn-small btn-primary" onClick={() => patch({ status: 'open' })}>
              {t('conv.reopen')}
            </button>
          ) : (
            <button type="button" className="btn btn-small btn-primary" onClick={() => patch({ status: 'resolved' })} title={t('shortcut.resolve')}>
              {t('conv.resolve')}
            </button>
          )}
        </div>
      )}
      <button type="button" className="icon-button info-toggle" onClick={onToggleInfo} aria-label={t('conv.toggleInfo')} title={t('conv.toggleInfo')}>
        ⓘ
      </button>
      {error ? (
        <div className="conv-error">
          <ErrorNote error={error} />
        </div>
      ) : null}
      {transferring && (
        <TransferDialog
          conversation={conversation}
          onClose={() => setTransferring(false)}
          onDone={(c) => {
            setTransferring(false);
            onChange(c);
          }}
        />
      )}
    </header>
  );
}
