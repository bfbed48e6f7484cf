import { useEffect, useState } from 'react';
import { useRealtimeEvents } from '../console/realtime.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import './sla.css';

interface SlaNotice {
  key: string;
  event: 'warning' | 'breached';
  target: string;
  ticket: { id: string; number: string; subject: string };
}

/** How long a notice stays on screen unless dismissed. */
const SHOW_MS = 30_000;

/**
 * The `sla.notice` frames this person's consoles hear (server/flows/ticket-realtime.ts:
 * the assignee, or the team when nobody is assigned, of a ticket whose SLA warned or
 * breached under a policy that says "notify") as small dismissible notices linking to
 * the ticket.
 */
export function SlaNotices() {
  const { t } = useI18n();
  const [notices, setNotices] = useState<SlaNotice[]>([]);
  useRealtimeEvents((frame) => {
    if ((frame as { type: string }).type !== 'sla.notice') return;
    const n = frame as unknown as Omit<SlaNotice, 'key'>;
    setNotices((list) => [...list.slice(-4), { ...n, key: `${n.ticket.id}:${n.target}:${n.event}:${Date.now()}` }]);
  });
  useEffect(() => {
    if (!notices.length) return;
    const timer = window.setTimeout(() => setNotices((list) => list.slice(1)), SHOW_MS);
    return () => window.clearTimeout(timer);
  }, [notices]);
  if (!notices.length) return null;
  const dismiss = (key: string) => setNotices((list) => list.filter((n) => n.key !== key));
  return (
    <div className="sla-notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.key} className={`sla-notice sla-notice-${n.event}`} data-testid="sla-notice">
          <Link to={`/tickets/${n.ticket.id}`} onClick={() => dismiss(n.key)}>
            {t(n.event === 'warning' ? 'sla.notice.warning' : 'sla.notice.breached', {
              target: t(`sla.target.${n.target}` as 'sla.target.resolution'),
              number: n.ticket.number,
            })}
            <span className="muted"> · {n.ticket.subject}</span>
          </Link>
          <button type="button" className="icon-button" onClick={() => dismiss(n.key)} aria-label={t('sla.notice.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
