import { useEffect, useState } from 'react';
import { ErrorNote, Loading, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.tsx';
import { useDirectory } from './directory.tsx';
import { fetchMentions, useMentions, type Mention } from './mentions.tsx';

/**
 * "Mentions": the notes where colleagues @named me, newest first, unread
 * ones marked. Opening one reads the mentions of its conversation and shows
 * the conversation in the inbox.
 */
export function MentionsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const { unreadIds, markRead, version } = useMentions();
  const [items, setItems] = useState<Mention[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    fetchMentions({ limit: 30 }).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
      },
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [version]);

  const more = () =>
    fetchMentions({ limit: 30, cursor }).then((page) => {
      setItems((all) => [...(all ?? []), ...page.items]);
      setCursor(page.nextCursor);
    }, setError);

  const open = (m: Mention) => {
    void markRead(m.conversationId).catch(setError);
    navigate(`/inbox/${m.conversationId}?view=all&status=all`);
  };

  return (
    <>
      <PageHeader
        title={t('mentions.title')}
        description={t('mentions.description')}
        actions={
          unreadIds.size > 0 && (
            <button type="button" className="btn btn-small" onClick={() => void markRead().catch(setError)}>
              {t('mentions.markAllRead')}
            </button>
          )
        }
      />
      <ErrorNote error={error} />
      {!items ? (
        !error && <Loading />
      ) : items.length === 0 ? (
        <div className="card empty muted">{t('mentions.empty')}</div>
      ) : (
        <ul className="card mention-list">
          {items.map((m) => {
            const unread = !m.readAt && unreadIds.has(m.conversationId);
            return (
              <li key={m.messageId} className={unread ? 'mention unread' : 'mention'}>
                <button type="button" className="mention-open" onClick={() => open(m)}>
                  <span className="mention-head">
                    {unread && <span className="unread-dot" aria-label={t('mentions.unread')} />}
                    <strong>{t('mentions.by', { name: directory.userName(m.authorId) ?? t('mentions.someone') })}</strong>
                    <span className="muted small">{m.contactName ?? t('customer.visitor')}</span>
                    <span className="muted small">{i18n.dateTime(m.createdAt)}</span>
                  </span>
                  <span className="mention-text">{m.excerpt}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {cursor && (
        <button type="button" className="btn btn-small btn-quiet" onClick={() => void more()}>
          {t('mentions.more')}
        </button>
      )}
    </>
  );
}
