import { useCallback, useEffect, useState } from 'react';
import type { Locale } from '../api.ts';
import { Badge, ErrorNote, Loading, useLoad } from '../components/ui.tsx';
import { locales, useI18n } from '../i18n/index.tsx';
import { faqApi, faqStatuses, type Faq, type FaqFilter, type FaqStatus } from './faq-api.ts';

/** The tone of a status badge: published items answer customers, drafts and archived ones do not. */
export const statusTone = (faq: Pick<Faq, 'status' | 'answering'>) => (faq.answering ? 'good' : faq.status === 'published' ? 'warn' : 'neutral');

/** Search box, status and locale filters, and the matching items. */
export function FaqList({
  filter,
  onFilter,
  selected,
  onOpen,
  revision,
}: {
  filter: FaqFilter;
  onFilter: (filter: FaqFilter) => void;
  selected: string | null;
  onOpen: (id: string) => void;
  revision: number;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(filter.q ?? '');
  // Search as one types, a moment after the last key.
  useEffect(() => {
    const timer = window.setTimeout(() => text.trim() !== (filter.q ?? '') && onFilter({ ...filter, q: text.trim() || undefined }), 250);
    return () => window.clearTimeout(timer);
  }, [text, filter, onFilter]);
  // `revision` is a dependency on purpose: it reloads the list after edits elsewhere on the page.
  const load = useCallback(() => faqApi.list(filter), [filter, revision]);
  const { data, error } = useLoad(load);

  return (
    <section className="kb-list card" aria-label={t('kb.list')}>
      <div className="kb-filters">
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('kb.search')} aria-label={t('kb.search')} />
        <select
          aria-label={t('kb.field.status')}
          value={filter.status ?? ''}
          onChange={(e) => onFilter({ ...filter, status: (e.target.value || undefined) as FaqStatus | undefined })}
        >
          <option value="">{t('kb.allStatuses')}</option>
          {faqStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`kb.status.${s}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('kb.field.locale')}
          value={filter.locale ?? ''}
          onChange={(e) => onFilter({ ...filter, locale: (e.target.value || undefined) as Locale | undefined, category: undefined })}
        >
          <option value="">{t('kb.allLocales')}</option>
          {locales.map((l) => (
            <option key={l} value={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </select>
      </div>
      {filter.category && filter.category.length > 0 && (
        <div className="kb-crumbs">
          <span>{filter.category.join(' / ')}</span>
          <button type="button" className="link-button" onClick={() => onFilter({ ...filter, category: undefined })}>
            {t('kb.clearCategory')}
          </button>
        </div>
      )}
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <p className="muted kb-empty">{t('kb.noItems')}</p>}
      <ul className="kb-items">
        {data?.items.map((faq) => (
          <li key={faq.id}>
            <button type="button" className={faq.id === selected ? 'kb-item on' : 'kb-item'} onClick={() => onOpen(faq.id)}>
              <span className="kb-item-question">{faq.question}</span>
              <span className="kb-item-meta">
                <Badge tone={statusTone(faq)}>{t(`kb.status.${faq.status}`)}</Badge>
                <span className="muted">{faq.locale}</span>
                {faq.category.length > 0 && <span className="muted">{faq.category.join(' / ')}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
