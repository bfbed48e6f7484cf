import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useI18n } from '../i18n/index.tsx';
import { categoryName, ticketPriorities, type Category } from './ticket-api.ts';

const MAX_LEVEL = 3;

/** A key the server accepts (lower-case letters, digits, _ and -) from whatever was typed, else a short unique one. */
export function keyFrom(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 40);
  return slug || `k${Date.now().toString(36)}`;
}

function AddCategory({ parentId, onDone, onCancel }: { parentId: string | null; onDone: () => void; onCancel?: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api('POST', '/api/v1/ticket-categories', { parentId, key: keyFrom(nameEn || name), name, nameEn: nameEn.trim() || null }).then(() => {
      setName('');
      setNameEn('');
      onDone();
    }, setError);
  };
  return (
    <form className="cat-add" onSubmit={submit}>
      <input
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder={t('ticketSettings.name')}
        aria-label={t('ticketSettings.name')}
        required
        maxLength={80}
      />
      <input
        value={nameEn}
        onChange={(e) => setNameEn(e.target.value)}
        placeholder={t('ticketSettings.nameEn')}
        aria-label={t('ticketSettings.nameEn')}
        maxLength={80}
      />
      <button type="submit" className="btn btn-small btn-primary">
        {t('ticketSettings.add')}
      </button>
      {onCancel && (
        <button type="button" className="btn btn-small btn-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <ErrorNote error={error} />
    </form>
  );
}

function CategoryRow({ category, all, onChanged }: { category: Category; all: Category[]; onChanged: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(category.name);
  const [nameEn, setNameEn] = useState(category.nameEn ?? '');
  const [error, setError] = useState<unknown>(null);
  const patch = (body: Record<string, unknown>) => {
    setError(null);
    api('PATCH', `/api/v1/ticket-categories/${category.id}`, body).then(onChanged, setError);
  };
  const children = all.filter((c) => c.parentId === category.id);
  return (
    <li className={category.archived ? 'cat archived' : 'cat'} data-id={category.id}>
      <div className="cat-row">
        {renaming ? (
          <form
            className="cat-add"
            onSubmit={(e) => {
              e.preventDefault();
              setRenaming(false);
              patch({ name, nameEn: nameEn.trim() || null });
            }}
          >
            <input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('ticketSettings.name')} required maxLength={80} />
            <input
              value={nameEn}
              onChange={(e) => setNameEn(e.target.value)}
              aria-label={t('ticketSettings.nameEn')}
              placeholder={t('ticketSettings.nameEn')}
              maxLength={80}
            />
            <button type="submit" className="btn btn-small btn-primary">
              {t('common.save')}
            </button>
          </form>
        ) : (
          <span className="cat-name">
            {categoryName(i18n, category)}
            {category.archived && <span className="badge">{t('ticketSettings.archived')}</span>}
          </span>
        )}
        <select
          aria-label={t('ticketSettings.teamOf', { name: category.name })}
          value={category.teamId ?? ''}
          onChange={(e) => patch({ teamId: e.target.value || null })}
        >
          <option value="">{t('ticketSettings.noTeam')}</option>
          {directory.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t('ticketSettings.priorityOf', { name: category.name })}
          value={category.defaultPriority ?? ''}
          onChange={(e) => patch({ defaultPriority: e.target.value || null })}
        >
          <option value="">{t('ticketSettings.inherit')}</option>
          {ticketPriorities.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}` as const)}
            </option>
          ))}
        </select>
        <span className="cat-actions">
          <button type="button" className="link-button small" onClick={() => setRenaming(!renaming)}>
            {t('ticketSettings.rename')}
          </button>
          {category.level < MAX_LEVEL && !category.archived && (
            <button type="button" className="link-button small" onClick={() => setAdding(true)}>
              {t('ticketSettings.addChild')}
            </button>
          )}
          <button type="button" className="link-button small" onClick={() => patch({ archived: !category.archived })}>
            {category.archived ? t('ticketSettings.restore') : t('ticketSettings.archive')}
          </button>
        </span>
      </div>
      <ErrorNote error={error} />
      {(children.length > 0 || adding) && (
        <ul className="cat-tree">
          {children.map((c) => (
            <CategoryRow key={c.id} category={c} all={all} onChanged={onChanged} />
          ))}
          {adding && (
            <li>
              <AddCategory
                parentId={category.id}
                onDone={() => {
                  setAdding(false);
                  onChanged();
                }}
                onCancel={() => setAdding(false)}
              />
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** The category tree (three levels at most) with each node's dispatch team and starting priority. */
export function CategorySettings({ categories, onChanged }: { categories: Category[]; onChanged: () => void }) {
  const { t } = useI18n();
  return (
    <section className="card form-card">
      <h2>{t('ticketSettings.categories')}</h2>
      <p className="muted small">{t('ticketSettings.categoriesHint')}</p>
      <ul className="cat-tree cat-root">
        {categories
          .filter((c) => !c.parentId)
          .map((c) => (
            <CategoryRow key={c.id} category={c} all={categories} onChanged={onChanged} />
          ))}
      </ul>
      <AddCategory parentId={null} onDone={onChanged} />
    </section>
  );
}
