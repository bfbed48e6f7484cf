import { useCallback, useState } from 'react';
import { ErrorNote, Loading, useLoad } from '../components/ui.tsx';
import { locales, useI18n } from '../i18n/index.tsx';
import { faqApi, type Faq } from './faq-api.ts';
import { MarkdownLite } from './faq-markdown.tsx';

function Side({ faq, current, onOpen }: { faq: Faq; current: boolean; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  return (
    <article className="kb-side">
      <header>
        <strong>{t(`lang.${faq.locale}`)}</strong> <span className="muted">· {t(`kb.status.${faq.status}`)}</span>
        {!current && (
          <button type="button" className="link-button" onClick={() => onOpen(faq.id)}>
            {t('kb.open')}
          </button>
        )}
      </header>
      <h3>{faq.question}</h3>
      <MarkdownLite text={faq.answer} />
      {faq.shortAnswer && (
        <p className="muted small">
          {t('kb.field.shortAnswer')}: {faq.shortAnswer}
        </p>
      )}
    </article>
  );
}

/** The item next to its translations (same key, other locales), and the missing ones to add. */
export function FaqTranslations({ faq, canManage, onOpen }: { faq: Faq; canManage: boolean; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const load = useCallback(() => faqApi.translations(faq.id), [faq.id]);
  const { data, error } = useLoad(load);
  const [createError, setCreateError] = useState<unknown>(null);
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const missing = locales.filter((l) => l !== faq.locale && !data.items.some((i) => i.locale === l));
  const create = (locale: (typeof locales)[number]) => faqApi.translate(faq.id, locale).then((created) => onOpen(created.id), setCreateError);
  return (
    <div>
      <div className="kb-sides">
        <Side faq={faq} current onOpen={onOpen} />
        {data.items.map((tr) => (
          <Side key={tr.id} faq={tr} current={false} onOpen={onOpen} />
        ))}
        {missing.map((l) => (
          <article key={l} className="kb-side kb-side-missing">
            <p className="muted">{t('kb.noTranslation', { locale: t(`lang.${l}`) })}</p>
            {canManage && (
              <button type="button" className="btn btn-small" onClick={() => void create(l)}>
                {t('kb.translate', { locale: t(`lang.${l}`) })}
              </button>
            )}
          </article>
        ))}
      </div>
      <ErrorNote error={createError} />
    </div>
  );
}
