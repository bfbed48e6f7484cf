import { useCallback, useEffect, useState } from 'react';
import { FormActions } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useRealtimeEvents } from '../console/realtime.tsx';
import {
  categoryName,
  priorityLabel,
  statusLabel,
  ticketApi,
  ticketEventOf,
  ticketPriorities,
  type Category,
  type TicketEvent,
  type TicketField,
} from './ticket-api.ts';

const statusTone: Record<string, string> = {
  new: 'accent',
  open: 'accent',
  reopened: 'warn',
  pending_customer: 'neutral',
  pending_third_party: 'neutral',
  resolved: 'good',
  closed: 'neutral',
};

export function StatusBadge({ status }: { status: string }) {
  const i18n = useI18n();
  return <span className={`badge badge-${statusTone[status] ?? 'neutral'} ticket-status`}>{statusLabel(i18n, status)}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  const i18n = useI18n();
  return <span className={`prio prio-${priority}`}>{priorityLabel(i18n, priority)}</span>;
}

/** The workspace's category tree and custom fields, read once per page (both change rarely). */
export function useTicketConfig(): { categories: Category[]; fields: TicketField[]; reload: () => void } {
  const [categories, setCategories] = useState<Category[]>([]);
  const [fields, setFields] = useState<TicketField[]>([]);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    ticketApi.categories().then(
      (r) => live && setCategories(r.items),
      () => undefined,
    );
    ticketApi.fields().then(
      (r) => live && setFields(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [round]);
  return { categories, fields, reload: useCallback(() => setRound((r) => r + 1), []) };
}

/** Call `handler` for each ticket event on the console's socket. */
export function useTicketEvents(handler: (event: TicketEvent) => void): void {
  useRealtimeEvents((event) => {
    const ticketEvent = ticketEventOf(event);
    if (ticketEvent) handler(ticketEvent);
  });
}

/**
 * The 3-level category cascader: one select per level, each offering the
 * children of the level above. Picking at any level is a valid choice.
 */
export function CategoryCascader({
  categories,
  value,
  onChange,
  label,
  allowEmpty = true,
  emptyLabel,
}: {
  categories: readonly Category[];
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  allowEmpty?: boolean;
  /** What the empty first choice says, when not "no category" (a filter's "any"). */
  emptyLabel?: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const byId = new Map(categories.map((c) => [c.id, c]));
  const chain: Category[] = [];
  for (let c = value ? byId.get(value) : undefined; c; c = c.parentId ? byId.get(c.parentId) : undefined) chain.unshift(c);
  const levels: (string | null)[] = [null, ...chain.map((c) => c.id)].slice(0, 3);
  return (
    <div className="cascader" role="group" aria-label={label}>
      {levels.map((parentId, depth) => {
        const options = categories.filter((c) => c.parentId === parentId && (!c.archived || c.id === chain[depth]?.id));
        if (options.length === 0) return null;
        const selected = chain[depth]?.id ?? '';
        return (
          <select
            key={parentId ?? 'root'}
            aria-label={depth === 0 ? label : t('tickets.subcategory', { level: depth + 1 })}
            value={selected}
            onChange={(e) => onChange(e.target.value || (depth === 0 ? null : (parentId ?? null)))}
          >
            <option value="">
              {depth === 0 ? (emptyLabel ?? (allowEmpty ? t('tickets.noCategory') : t('tickets.pickCategory'))) : t('tickets.anySub')}
            </option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {categoryName(i18n, c)}
              </option>
            ))}
          </select>
        );
      })}
    </div>
  );
}

/** The category cascader under its "Category" heading, as a form field. */
export function CategoryField({
  categories,
  value,
  onChange,
  emptyLabel,
  wide = false,
}: {
  categories: readonly Category[];
  value: string | null;
  onChange: (id: string | null) => void;
  emptyLabel?: string;
  wide?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <span>{t('tickets.category')}</span>
      <CategoryCascader categories={categories} value={value} onChange={onChange} label={t('tickets.category')} emptyLabel={emptyLabel} />
    </div>
  );
}

/** One `<option>` per ticket priority, in the interface language. */
export function PriorityOptions() {
  const { t } = useI18n();
  return ticketPriorities.map((p) => (
    <option key={p} value={p}>
      {t(`priority.${p}` as const)}
    </option>
  ));
}

/** A "Priority" select whose empty first choice says what no pick means (automatic, by category, any). */
export function PriorityField({ value, onChange, emptyLabel }: { value: string; onChange: (priority: string) => void; emptyLabel: string }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>{t('tickets.priority')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        <PriorityOptions />
      </select>
    </label>
  );
}

/** One `<option>` per team of the workspace. */
export function TeamOptions() {
  const directory = useDirectory();
  return directory.teams.map((team) => (
    <option key={team.id} value={team.id}>
      {team.name}
    </option>
  ));
}

/** Cancel and "Create" at the foot of a create-ticket dialog; "Create" waits while the ticket is being made. */
export function CreateTicketActions({ busy, onCancel }: { busy: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return <FormActions onCancel={onCancel} disabled={busy} submitLabel={t('tickets.create')} />;
}
