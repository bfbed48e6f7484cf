import type { Directory } from '../console/directory.tsx';
import type { I18n, MessageKey } from '../i18n/index.tsx';
import { categoryPath, fieldLabel, priorityLabel, statusLabel, type Category, type TicketActivity, type TicketField } from './ticket-api.ts';

export interface HistoryContext {
  i18n: I18n;
  directory: Directory;
  categories: readonly Category[];
  fields: readonly TicketField[];
  requester: string;
}

const fieldKeys: Record<string, MessageKey> = {
  subject: 'tickets.subject',
  description: 'tickets.description',
  categoryId: 'tickets.category',
  priority: 'tickets.priority',
  status: 'tickets.status',
  teamId: 'tickets.team',
  assigneeId: 'tickets.assignee',
  labels: 'tickets.labels',
  parentId: 'tickets.parent',
};

/** Who wrote a history line, in words. */
export function actorName(h: HistoryContext, activity: Pick<TicketActivity, 'actorType' | 'actorId'>): string {
  const { t } = h.i18n;
  if (activity.actorType === 'user') return h.directory.userName(activity.actorId) ?? t('console.someone');
  if (activity.actorType === 'contact') return h.requester;
  if (activity.actorType === 'api') return t('common.apiKey');
  if (activity.actorType === 'bot') return t('tickets.bot');
  return t('console.system');
}

function show(h: HistoryContext, field: string, value: unknown): string {
  const { i18n } = h;
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return i18n.t('tickets.empty');
  if (field === 'priority') return priorityLabel(i18n, String(value));
  if (field === 'status') return statusLabel(i18n, String(value));
  if (field === 'teamId') return h.directory.teamName(String(value)) ?? String(value);
  if (field === 'assigneeId') return h.directory.userName(String(value)) ?? String(value);
  if (field === 'categoryId') return categoryPath(i18n, h.categories, String(value)) || String(value);
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * A change line as sentences: "优先级 普通 → 紧急", "Priority Normal → Urgent";
 * custom fields one line each, by their label.
 */
export function changeLines(h: HistoryContext, data: Record<string, unknown>): string[] {
  const changes = (data.changes ?? {}) as Record<string, [unknown, unknown]>;
  const out: string[] = [];
  for (const [field, pair] of Object.entries(changes)) {
    if (!Array.isArray(pair)) continue;
    const [before, after] = pair;
    if (field === 'customFields') {
      const a = (before ?? {}) as Record<string, unknown>;
      const b = (after ?? {}) as Record<string, unknown>;
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
        const def = h.fields.find((f) => f.key === key);
        out.push(`${def ? fieldLabel(h.i18n, def) : key} ${show(h, key, a[key])} → ${show(h, key, b[key])}`);
      }
      continue;
    }
    const name = fieldKeys[field] ? h.i18n.t(fieldKeys[field]) : field;
    if (field === 'description') out.push(h.i18n.t('tickets.descriptionChanged'));
    else out.push(`${name} ${show(h, field, before)} → ${show(h, field, after)}`);
  }
  return out;
}
