import type { ReactNode } from 'react';
import { AttachmentList } from '../console/attachments.tsx';
import { useI18n } from '../i18n/index.tsx';
import { TicketActivityText } from '../privacy/masked-text.tsx';
import { Link } from '../router.tsx';
import { actorName, changeLines, type HistoryContext } from './history-text.ts';
import type { TicketActivity } from './ticket-api.ts';

const movable = new Set(['reply', 'customer_reply', 'note']);

function Ref({ value }: { value: unknown }) {
  const ref = value as { id?: string; number?: string } | undefined;
  if (!ref?.id) return null;
  return <Link to={`/tickets/${ref.id}`}>{ref.number ?? ref.id}</Link>;
}

/** One line of the history: a message (reply, customer reply, internal note) or an event line. */
function Entry({ activity, h }: { activity: TicketActivity; h: HistoryContext }) {
  const i18n = useI18n();
  const { t } = i18n;
  const who = actorName(h, activity);
  const data = activity.data;
  if (activity.kind === 'reply' || activity.kind === 'customer_reply' || activity.kind === 'note') {
    const label =
      activity.kind === 'note' ? t('tickets.kind.note') : activity.kind === 'reply' ? t('tickets.kind.reply') : t('tickets.kind.customer_reply');
    return (
      <div className={`tk-msg tk-${activity.kind}`}>
        <div className="tk-msg-head">
          <strong>{who}</strong> <span className="tk-kind">{label}</span> <span className="muted small">{i18n.dateTime(activity.createdAt)}</span>
        </div>
        <div className="tk-msg-body">
          <TicketActivityText id={activity.id} body={activity.body} />
        </div>
        <AttachmentList attachments={activity.attachments} />
      </div>
    );
  }
  let text: ReactNode;
  if (activity.kind === 'created') {
    const team = typeof data.dispatchedTo === 'string' ? h.directory.teamName(data.dispatchedTo) : null;
    text = (
      <>
        {t('tickets.line.created', { who, source: i18n.maybe(`tickets.source.${String(data.source)}`) ?? String(data.source ?? '') })}
        {team && <> · {t('tickets.line.dispatched', { team })}</>}
      </>
    );
  } else if (activity.kind === 'change') {
    const lines = changeLines(h, data);
    text = (
      <>
        <span>{who}</span>
        <ul className="tk-changes">
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      </>
    );
  } else if (activity.kind === 'merged') {
    text = data.into ? (
      <>
        {t('tickets.line.mergedInto', { who })} <Ref value={data.into} />
      </>
    ) : (
      <>
        <Ref value={data.from} /> {t('tickets.line.mergedFrom', { who, n: Number(data.movedActivities ?? 0) })}
      </>
    );
  } else if (activity.kind === 'split') {
    text = (
      <>
        {t('tickets.line.split', { who, n: Number(data.movedActivities ?? 0) })} <Ref value={data.to} />
      </>
    );
  } else if (activity.kind === 'linked') {
    text = (
      <>
        {t('tickets.line.linked', { who, kind: i18n.maybe(`tickets.linkKind.${String(data.kind)}`) ?? String(data.kind) })}{' '}
        <Ref value={data.ticket} />
      </>
    );
  } else {
    text = `${who} · ${activity.kind}`;
  }
  return (
    <div className="tk-line">
      <span className="tk-dot" aria-hidden="true" />
      <div className="tk-line-text">{text}</div>
      <span className="muted small nowrap">{i18n.dateTime(activity.createdAt)}</span>
    </div>
  );
}

/** The ticket's history, oldest first; in split mode replies and notes get a checkbox. */
export function TicketHistory({
  activities,
  h,
  picking,
  picked,
  onPick,
}: {
  activities: TicketActivity[];
  h: HistoryContext;
  picking: boolean;
  picked: ReadonlySet<string>;
  onPick: (id: string, on: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <ol className="tk-history" aria-label={t('tickets.history')}>
      {activities.map((a) => (
        <li key={a.id} data-kind={a.kind} className={picked.has(a.id) ? 'picked' : undefined}>
          {picking && movable.has(a.kind) && (
            <input
              type="checkbox"
              className="tk-pick"
              aria-label={t('tickets.pickForSplit')}
              checked={picked.has(a.id)}
              onChange={(e) => onPick(a.id, e.target.checked)}
            />
          )}
          <Entry activity={a} h={h} />
        </li>
      ))}
    </ol>
  );
}
