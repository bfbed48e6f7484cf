import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, query, type Items, type Page } from '../api.ts';
import { Badge, ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { claimConversation } from './actions.ts';
import { valueLabel } from './activity.ts';
import { useContact } from './cache.ts';
import { isAbsent, useDirectory } from './directory.tsx';
import { contactLabel, type Conversation, type QueueItem } from './model.ts';
import { useRealtimeEvents } from './realtime.tsx';

/** A queue entry; the fallback (no routing API) knows the contact already. */
type QueueRow = QueueItem & { contactId?: string };

/** The routing queue, or — on a server without routing — open conversations nobody has taken. */
async function loadQueue(): Promise<{ items: QueueRow[]; routing: boolean }> {
  try {
    return { ...(await api<Items<QueueItem>>('GET', '/api/v1/routing/queue')), routing: true };
  } catch (err) {
    if (!isAbsent(err)) throw err;
    const page = await api<Page<Conversation>>('GET', `/api/v1/conversations${query({ assigneeId: 'none', status: 'open', limit: 100 })}`);
    const oldestFirst = [...page.items].sort((a, b) => a.lastMessageAt.localeCompare(b.lastMessageAt));
    return {
      routing: false,
      items: oldestFirst.map((c, i) => ({
        conversationId: c.id,
        inboxId: c.inboxId,
        teamId: c.teamId,
        priority: c.priority,
        waitingSince: c.lastMessageAt,
        position: i + 1,
        expectedWaitSeconds: null,
        skills: [],
        contactId: c.contactId,
      })),
    };
  }
}

function minutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}

/** The customer's name; a routing queue entry names only its conversation, so that is read first. */
function Who({ row }: { row: QueueRow }) {
  const { t } = useI18n();
  const load = useCallback(
    async () => row.contactId ?? (await api<Conversation>('GET', `/api/v1/conversations/${encodeURIComponent(row.conversationId)}`)).contactId,
    [row.contactId, row.conversationId],
  );
  const { data: contactId } = useLoad(load);
  const contact = useContact(contactId);
  return <span className="cell-title">{contactLabel(contact, t('customer.visitor'))}</span>;
}

/** Conversations waiting for an agent, in the order they will be assigned, each with a Claim button. */
export function QueuePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me, can } = useSession();
  const directory = useDirectory();
  const { data, error, reload } = useLoad(useCallback(loadQueue, []));
  const [claimError, setClaimError] = useState<unknown>(null);

  // A busy workspace sends many events: reload at most every half second.
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useRealtimeEvents((event) => {
    const relevant = ['conversation.queued', 'conversation.assigned', 'conversation.created', 'conversation.updated'].includes(event.type);
    if (!relevant && !(event.type === 'ready' && event.reconnected)) return;
    if (timer.current === undefined) {
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        reload();
      }, 500);
    }
  });

  const claim = async (id: string) => {
    if (!me?.user) return;
    setClaimError(null);
    try {
      await claimConversation(id, me.user.id);
      navigate(`/inbox/${id}`);
    } catch (err) {
      setClaimError(err);
      if (err instanceof ApiError && err.code === 'already_assigned') reload();
    }
  };

  return (
    <>
      <PageHeader title={t('queue.title')} description={t('queue.description')} />
      {data && !data.routing && <p className="note note-warn">{t('queue.noRouting')}</p>}
      <ErrorNote error={claimError} />
      {error ? (
        <ErrorNote error={error} />
      ) : !data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <div className="card empty muted">{t('queue.empty')}</div>
      ) : (
        <section className="card">
          <table className="table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('queue.customer')}</th>
                <th>{t('queue.inbox')}</th>
                <th>{t('details.priority')}</th>
                <th>{t('queue.waiting')}</th>
                <th>{t('queue.expected')}</th>
                {can('conversations.manage') && <th className="actions-col" aria-label={t('common.actions')} />}
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.conversationId}>
                  <td>{item.position}</td>
                  <td>
                    <Who row={item} />
                    {(item.skills.length > 0 || item.teamId) && (
                      <div className="cell-sub">{[directory.teamName(item.teamId), ...item.skills].filter(Boolean).join(' · ')}</div>
                    )}
                  </td>
                  <td>{directory.inbox(item.inboxId)?.name ?? item.inboxId}</td>
                  <td>
                    <Badge tone={item.priority === 'urgent' || item.priority === 'high' ? 'warn' : 'neutral'}>
                      {valueLabel(i18n, 'priority', item.priority)}
                    </Badge>
                  </td>
                  <td className="muted">{i18n.dateTime(item.waitingSince)}</td>
                  <td className="muted">{item.expectedWaitSeconds === null ? '—' : t('queue.minutes', { n: minutes(item.expectedWaitSeconds) })}</td>
                  {can('conversations.manage') && (
                    <td className="actions-col">
                      <button type="button" className="btn btn-small btn-primary" onClick={() => void claim(item.conversationId)}>
                        {t('conv.claim')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
