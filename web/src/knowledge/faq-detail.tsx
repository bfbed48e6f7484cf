import { useCallback, useState } from 'react';
import type { Locale } from '../api.ts';
import { Badge, ErrorNote, Loading, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { faqApi, type Faq } from './faq-api.ts';
import { FaqEditor } from './faq-editor.tsx';
import { FaqHistory } from './faq-history.tsx';
import { statusTone } from './faq-list.tsx';
import { FaqTranslations } from './faq-translations.tsx';

const panels = ['edit', 'history', 'translations'] as const;
type Panel = (typeof panels)[number];

/** The open item: its editor, its version history, its translations side by side. */
export function FaqDetail({
  id,
  creating,
  canManage,
  onChanged,
}: {
  id: string | null;
  creating: Locale | null;
  canManage: boolean;
  onChanged: (id: string | null) => void;
}) {
  const { t } = useI18n();
  const load = useCallback(() => (id ? faqApi.get(id) : Promise.resolve(null)), [id]);
  const { data: faq, error, setData } = useLoad<Faq | null>(load);
  const [panel, setPanel] = useState<Panel>('edit');

  if (creating) {
    return (
      <section className="kb-detail card">
        <h2>{t('kb.newTitle')}</h2>
        <FaqEditor faq={null} locale={creating} canManage={canManage} onSaved={(saved) => onChanged(saved.id)} />
      </section>
    );
  }
  if (!id) return <section className="kb-detail card muted kb-empty">{t('kb.pick')}</section>;
  if (error) return <ErrorNote error={error} />;
  if (!faq) return <Loading />;
  const saved = (next: Faq) => {
    setData(next);
    onChanged(next.id);
  };
  return (
    <section className="kb-detail card" aria-label={faq.question}>
      <header className="kb-detail-head">
        <h2>{faq.question}</h2>
        <div className="kb-item-meta">
          <Badge tone={statusTone(faq)}>{t(`kb.status.${faq.status}`)}</Badge>
          {faq.status === 'published' && !faq.answering && <Badge tone="warn">{t('kb.outsideValidity')}</Badge>}
          <span className="muted">{faq.locale}</span>
          <span className="muted" data-testid="faq-version">
            {t('kb.versionN', { n: faq.version })}
          </span>
        </div>
      </header>
      <nav className="segmented kb-panels" aria-label={faq.question}>
        {panels.map((p) => (
          <button key={p} type="button" className={panel === p ? 'on' : undefined} aria-pressed={panel === p} onClick={() => setPanel(p)}>
            {t(`kb.panel.${p}`)}
          </button>
        ))}
      </nav>
      {panel === 'edit' && (
        <FaqEditor key={faq.version} faq={faq} locale={faq.locale} canManage={canManage} onSaved={saved} onDeleted={() => onChanged(null)} />
      )}
      {panel === 'history' && <FaqHistory faq={faq} canManage={canManage} onRolledBack={saved} />}
      {panel === 'translations' && <FaqTranslations faq={faq} canManage={canManage} onOpen={onChanged} />}
    </section>
  );
}
