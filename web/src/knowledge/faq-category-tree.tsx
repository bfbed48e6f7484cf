import { useCallback, useState, type FormEvent } from 'react';
import type { Locale } from '../api.ts';
import { FormActions, Loading, Modal, ErrorNote, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { faqApi, type CategoryNode } from './faq-api.ts';

const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((p, i) => p === b[i]);

/** Rename or move a category: a new path for it (its items and subcategories follow). */
function MoveCategoryModal({
  from,
  locale,
  onClose,
  onMoved,
}: {
  from: string[];
  locale?: Locale | undefined;
  onClose: () => void;
  onMoved: () => void;
}) {
  const { t } = useI18n();
  const [levels, setLevels] = useState([...from, '', '', ''].slice(0, 3));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await faqApi.moveCategory({ ...(locale ? { locale } : {}), from, to: levels.map((l) => l.trim()).filter(Boolean) });
      onMoved();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Modal title={t('kb.moveTitle', { name: from.join(' / ') })} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('kb.moveHint')}</p>
        {levels.map((value, i) => (
          <label key={i} className="field">
            <span>{t('kb.level', { n: i + 1 })}</span>
            <input
              value={value}
              maxLength={60}
              required={i === 0}
              onChange={(e) => setLevels((ls) => ls.map((l, j) => (j === i ? e.target.value : l)))}
            />
          </label>
        ))}
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy} submitLabel={t('kb.move')} />
      </form>
    </Modal>
  );
}

/** The category tree (three levels) with item counts; choosing one filters the list. */
export function FaqCategoryTree({
  locale,
  selected,
  onSelect,
  canManage,
  revision,
  onMoved,
}: {
  locale?: Locale | undefined;
  selected: string[];
  onSelect: (path: string[] | undefined) => void;
  canManage: boolean;
  revision: number;
  onMoved: () => void;
}) {
  const { t } = useI18n();
  // `revision` reloads the counts after edits elsewhere on the page.
  const load = useCallback(() => faqApi.categories(locale), [locale, revision]);
  const { data, error } = useLoad(load);
  const [moving, setMoving] = useState<string[] | null>(null);

  const node = (n: CategoryNode) => (
    <li key={n.path.join('\u0000')}>
      <div className={samePath(n.path, selected) ? 'kb-node on' : 'kb-node'}>
        <button type="button" className="kb-node-name" onClick={() => onSelect(n.path)}>
          <span>{n.name}</span>
          <span className="kb-count">{n.count}</span>
        </button>
        {canManage && (
          <button
            type="button"
            className="icon-button kb-node-edit"
            title={t('kb.move')}
            aria-label={t('kb.moveTitle', { name: n.path.join(' / ') })}
            onClick={() => setMoving(n.path)}
          >
            ✎
          </button>
        )}
      </div>
      {n.children.length > 0 && <ul>{n.children.map(node)}</ul>}
    </li>
  );

  return (
    <aside className="kb-tree card" aria-label={t('kb.categories')}>
      <h2>{t('kb.categories')}</h2>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && (
        <ul className="kb-nodes">
          <li>
            <div className={selected.length === 0 ? 'kb-node on' : 'kb-node'}>
              <button type="button" className="kb-node-name" onClick={() => onSelect(undefined)}>
                <span>{t('kb.allCategories')}</span>
              </button>
            </div>
          </li>
          {data.items.map(node)}
          {data.uncategorised > 0 && (
            <li className="muted kb-uncategorised">
              {t('kb.uncategorised')} <span className="kb-count">{data.uncategorised}</span>
            </li>
          )}
        </ul>
      )}
      {moving && (
        <MoveCategoryModal
          from={moving}
          locale={locale}
          onClose={() => setMoving(null)}
          onMoved={() => {
            setMoving(null);
            onSelect(undefined);
            onMoved();
          }}
        />
      )}
    </aside>
  );
}
