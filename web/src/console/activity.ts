import type { I18n } from '../i18n/index.tsx';
import type { Directory } from './directory.tsx';
import type { Message } from './model.ts';

interface Change {
  from: unknown;
  to: unknown;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The translated name of a status or priority value, or the value itself when unknown. */
export function valueLabel(i18n: I18n, kind: 'status' | 'priority', value: unknown): string {
  return i18n.maybe(`${kind === 'status' ? 'convStatus' : 'priority'}.${String(value)}`) ?? String(value);
}

/**
 * An activity line in words: "小王 resolved the conversation", "Kefu set
 * priority to Urgent"… one sentence per change the line records.
 */
export function activitySentences(i18n: I18n, directory: Directory, message: Message): string[] {
  const { t } = i18n;
  const who = message.senderType === 'user' ? (directory.userName(message.senderId) ?? t('console.someone')) : t('console.system');
  const changes = (message.contentAttributes.changes ?? {}) as Record<string, Change>;
  const out: string[] = [];
  const ticket = message.contentAttributes.ticket as { number?: string } | undefined;
  if (ticket?.number) out.push(t('activity.ticketCreated', { who, number: ticket.number }));
  for (const [key, change] of Object.entries(changes)) {
    if (key === 'status') {
      const to = String(change.to);
      if (to === 'resolved') out.push(t('activity.resolved', { who }));
      else if (to === 'snoozed') out.push(t('activity.snoozed', { who }));
      else if (to === 'bot') out.push(t('activity.toBot', { who }));
      else if (to === 'open' && change.from === 'resolved') out.push(t('activity.reopened', { who }));
      else out.push(t('activity.status', { who, status: valueLabel(i18n, 'status', to) }));
    } else if (key === 'assigneeId') {
      const to = typeof change.to === 'string' ? change.to : null;
      if (!to) out.push(t('activity.unassigned', { who }));
      else if (message.senderType === 'user' && to === message.senderId) out.push(t('activity.took', { who }));
      else out.push(t('activity.assigned', { who, name: directory.userName(to) ?? t('console.someone') }));
    } else if (key === 'teamId') {
      out.push(t('activity.team', { who, name: directory.teamName(String(change.to)) ?? t('console.someone') }));
    } else if (key === 'priority') {
      out.push(t('activity.priority', { who, priority: valueLabel(i18n, 'priority', change.to) }));
    } else if (key === 'labels') {
      const before = asList(change.from);
      const after = asList(change.to);
      const added = after.filter((l) => !before.includes(l)).map((l) => `+${l}`);
      const removed = before.filter((l) => !after.includes(l)).map((l) => `−${l}`);
      out.push(t('activity.labels', { who, labels: [...added, ...removed].join(' ') }));
    }
  }
  return out.length ? out : [message.content || t('activity.changed', { who })];
}
