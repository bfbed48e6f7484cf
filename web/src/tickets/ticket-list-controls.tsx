import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { statusTabs, ticketViews, type ListFilter, type StatusTab } from './list-query.ts';
import type { Category } from './ticket-api.ts';
import { CategoryField, PriorityField, TeamOptions } from './ticket-bits.tsx';

/** The list's views, search, status tabs and filters. */
export function TicketListControls({
  filter,
  setFilter,
  categories,
}: {
  filter: ListFilter;
  setFilter: (next: ListFilter) => void;
  categories: readonly Category[];
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState(filter.q);
  return (
    <>
      <div className="ticket-bar">
        <div className="segmented" role="tablist" aria-label={t('tickets.views')}>
          {ticketViews.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={filter.view === v}
              className={filter.view === v ? 'on' : ''}
              onClick={() => setFilter({ ...filter, view: v })}
            >
              {t(`tickets.view.${v}` as const)}
            </button>
          ))}
        </div>
        <form
          className="ticket-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter({ ...filter, q: search });
          }}
        >
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('tickets.searchHint')}
            aria-label={t('tickets.search')}
            maxLength={100}
          />
        </form>
      </div>
      <div className="ticket-tabs" role="tablist" aria-label={t('tickets.statusTabs')}>
        {(Object.keys(statusTabs) as StatusTab[]).map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={filter.tab === tab}
            className={filter.tab === tab ? 'tab on' : 'tab'}
            onClick={() => setFilter({ ...filter, tab })}
          >
            {t(`tickets.tab.${tab}` as const)}
          </button>
        ))}
      </div>
      <div className="filters ticket-filters">
        <PriorityField value={filter.priority} onChange={(priority) => setFilter({ ...filter, priority })} emptyLabel={t('tickets.any')} />
        <CategoryField
          wide
          categories={categories}
          value={filter.categoryId}
          onChange={(categoryId) => setFilter({ ...filter, categoryId })}
          emptyLabel={t('tickets.any')}
        />
        <label className="field">
          <span>{t('tickets.team')}</span>
          <select value={filter.teamId} onChange={(e) => setFilter({ ...filter, teamId: e.target.value })}>
            <option value="">{t('tickets.any')}</option>
            <TeamOptions />
          </select>
        </label>
        <label className="field">
          <span>{t('tickets.label')}</span>
          <input
            defaultValue={filter.label}
            onBlur={(e) => e.target.value !== filter.label && setFilter({ ...filter, label: e.target.value })}
            onKeyDown={(e) => e.key === 'Enter' && setFilter({ ...filter, label: e.currentTarget.value })}
            maxLength={50}
          />
        </label>
      </div>
    </>
  );
}
