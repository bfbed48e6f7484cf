import { useEffect, useRef } from 'react';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n, type I18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useContactSummary, usePreview } from './cache.ts';
import { useDirectory } from './directory.tsx';
import { contactLabel, type Conversation } from './model.ts';
import type { ConversationList } from './use-conversation-list.ts';

/** "3 min", "14:05", "Mon", "12 Mar": short and relative for today, a date further back. */
function when(i18n: I18n, iso: string): string {
  const at = new Date(iso);
  const minutes = Math.round((Date.now() - at.getTime()) / 60_000);
  if (minutes < 1) return i18n.t('time.now');
  if (minutes < 60) return i18n.t('time.minutes', { n: minutes });
  const sameDay = new Date().toDateString() === at.toDateString();
  return new Intl.DateTimeFormat(i18n.locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' }).format(at);
}

function Row({
  conversation,
  active,
  unread,
  href,
  snippet,
}: {
  conversation: Conversation;
  active: boolean;
  unread: boolean;
  href: string;
  snippet?: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const { me } = useSession();
  const contact = useContactSummary(conversation.contactId);
  const preview = usePreview(conversation);
  const inbox = directory.inbox(conversation.inboxId);
  const assignee = directory.userName(conversation.assigneeId);
  const author =
    preview?.type === 'note'
      ? t('timeline.privateNote')
      : preview?.type !== 'outgoing'
        ? null
        : preview.senderType === 'bot'
          ? t('console.bot')
          : preview.senderId === me?.user?.id
            ? t('list.you')
            : (directory.userName(preview.senderId) ?? t('console.agent'));
  const text = preview ? preview.text || (preview.attachments ? t('list.attachment') : '') : (conversation.subject ?? '');
  const line = snippet ?? (author ? `${author}: ${text}` : text);
  const urgent = conversation.priority === 'urgent' || conversation.priority === 'high';
  return (
    <Link
      to={href}
      className={`conv-row${active ? ' active' : ''}${unread ? ' unread' : ''}`}
      aria-current={active ? 'true' : undefined}
      data-id={conversation.id}
    >
      <span className="conv-row-top">
        <span className="conv-row-name">{contactLabel(contact, t('customer.visitor'))}</span>
        <span className="conv-row-time muted">{when(i18n, conversation.lastMessageAt)}</span>
      </span>
      <span className="conv-row-preview">{line || '\u00a0'}</span>
      <span className="conv-row-meta">
        {unread && <span className="dot" aria-label={t('list.unread')} />}
        {urgent && <span className={`prio prio-${conversation.priority}`}>{i18n.t(`priority.${conversation.priority}` as const)}</span>}
        {inbox && <span className="muted">{inbox.name}</span>}
        {assignee && <span className="muted">· {assignee}</span>}
        {conversation.labels.slice(0, 3).map((l) => (
          <span key={l} className="mini-label">
            {l}
          </span>
        ))}
      </span>
    </Link>
  );
}

/**
 * The middle column: conversations for the current view, newest activity
 * first; the next page loads as the list scrolls to its end.
 */
export function ConversationListView({ list, openId, hrefFor }: { list: ConversationList; openId: string | null; hrefFor: (id: string) => string }) {
  const { t } = useI18n();
  const end = useRef<HTMLDivElement>(null);
  const { hasMore, loading, loadMore } = list;

  useEffect(() => {
    const el = end.current;
    if (!el || !hasMore) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && !loading && loadMore(), { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loading, loadMore]);

  return (
    <div className="conv-list" role="list" aria-label={t('list.label')} aria-busy={loading}>
      {list.items.map((c) => (
        <div role="listitem" key={c.id}>
          <Row conversation={c} active={c.id === openId} unread={list.unread.has(c.id)} href={hrefFor(c.id)} snippet={list.snippets.get(c.id)} />
        </div>
      ))}
      {!loading && list.items.length === 0 && !list.error && <div className="list-empty muted">{t('list.empty')}</div>}
      <ErrorNote error={list.error} />
      {hasMore && (
        <div ref={end} className="list-more">
          <button type="button" className="btn btn-small btn-quiet" disabled={loading} onClick={loadMore}>
            {loading ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      )}
      {loading && list.items.length === 0 && <div className="list-empty muted">{t('common.loading')}</div>}
    </div>
  );
}
