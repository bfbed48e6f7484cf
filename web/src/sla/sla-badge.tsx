import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import './sla.css';
import type { TicketSla } from './types.ts';

/** "3 h 20 min", "45 min", "2 d 4 h" in the console's language. */
export function formatMinutes(t: ReturnType<typeof useI18n>['t'], minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return t('sla.duration.m', { m });
  if (m < 1440) return m % 60 ? t('sla.duration.hm', { h: Math.floor(m / 60), m: m % 60 }) : t('sla.duration.h', { h: m / 60 });
  const h = Math.floor((m % 1440) / 60);
  return h ? t('sla.duration.dh', { d: Math.floor(m / 1440), h }) : t('sla.duration.d', { d: Math.floor(m / 1440) });
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * A ticket's SLA state in one small badge, from its `sla` column: breached,
 * paused (waiting on the customer), "due in …" for the next running target
 * (amber when warned or under an hour), or nothing when no policy applies.
 *
 * @example <SlaBadge sla={ticket.sla} />
 */
export function SlaBadge({ sla }: { sla: TicketSla | null | undefined }) {
  const { t, dateTime } = useI18n();
  const now = useNow(30_000);
  const targets = Object.entries(sla?.targets ?? {});
  if (!sla || !targets.length) return null;
  const breached = targets.find(([, s]) => s?.status === 'breached' && !s.metAt);
  if (breached) {
    return (
      <span className="badge badge-danger" title={t(`sla.target.${breached[0]}` as 'sla.target.resolution')}>
        {t('sla.badge.breached')}
      </span>
    );
  }
  if (sla.paused) return <span className="badge badge-neutral">{t('sla.badge.paused')}</span>;
  const running = targets
    .filter(([, s]) => s?.status === 'running' && s.dueAt)
    .sort(([, a], [, b]) => Date.parse(a!.dueAt!) - Date.parse(b!.dueAt!))[0];
  if (!running) return null;
  const [target, state] = running;
  const left = (Date.parse(state!.dueAt!) - now) / 60_000;
  const tone = left <= 0 ? 'danger' : state!.warnedAt || left < 60 ? 'warn' : 'neutral';
  const label = left <= 0 ? t('sla.badge.breached') : t('sla.badge.dueIn', { left: formatMinutes(t, left) });
  return (
    <span className={`badge badge-${tone}`} title={`${t(`sla.target.${target}` as 'sla.target.resolution')} · ${dateTime(state!.dueAt!)}`}>
      {label}
    </span>
  );
}
