import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, upload, type Locale } from '../api.ts';
import { ConfirmButton, ErrorNote, HintedField, Loading, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { articleStatuses, articlesPath, parseCategory, parseTags, type Article, type ArticleStatus } from './article-model.ts';
import { ArticlePreview } from './article-preview.tsx';

interface Draft {
  title: string;
  slug: string;
  locale: Locale;
  category: string;
  tags: string;
  status: ArticleStatus;
  body: string;
}

const empty = (locale: Locale): Draft => ({ title: '', slug: '', locale, category: '', tags: '', status: 'draft', body: '## \n' });

function draftOf(a: Article): Draft {
  return {
    title: a.title,
    slug: a.slug,
    locale: a.locale,
    category: a.category.join(' / '),
    tags: a.tags.join(', '),
    status: a.status,
    body: a.body,
  };
}

/** Insert `text` at the textarea's caret (or replace its selection), returning the new value. */
function insertAt(area: HTMLTextAreaElement | null, value: string, text: string): string {
  if (!area) return `${value}\n${text}\n`;
  return `${value.slice(0, area.selectionStart)}${text}${value.slice(area.selectionEnd)}`;
}

/** Write or change one article: fields, Markdown with a live preview, images. `id` is 'new' for a new article. */
export function ArticleEditor({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSession();
  const canEdit = can('knowledge.manage');
  const [draft, setDraft] = useState<Draft | null>(id === 'new' ? empty(i18n.locale) : null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (id === 'new') return;
    let live = true;
    api<Article>('GET', `/api/v1/knowledge/articles/${encodeURIComponent(id)}`).then(
      (a) => live && setDraft(draftOf(a)),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const set = useCallback((patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d)), []);

  if (!draft) return error ? <ErrorNote error={error} /> : <Loading />;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice('');
    const fields = {
      title: draft.title,
      body: draft.body,
      category: parseCategory(draft.category),
      tags: parseTags(draft.tags),
      status: draft.status,
      ...(draft.slug.trim() ? { slug: draft.slug.trim() } : {}),
    };
    try {
      const saved =
        id === 'new'
          ? await api<Article>('POST', '/api/v1/knowledge/articles', { ...fields, locale: draft.locale })
          : await api<Article>('PATCH', `/api/v1/knowledge/articles/${encodeURIComponent(id)}`, fields);
      setDraft(draftOf(saved));
      setError(null);
      setNotice(t('articles.saved'));
      if (id === 'new') navigate(`${articlesPath}?edit=${saved.id}`, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    try {
      await api('DELETE', `/api/v1/knowledge/articles/${encodeURIComponent(id)}`);
      navigate(articlesPath);
    } catch (err) {
      setError(err);
    }
  };

  const addImage = async (file: File | undefined) => {
    if (!file) return;
    setNotice(t('articles.imageUploading'));
    try {
      const image = await upload<{ markdown: string }>('/api/v1/knowledge/images', file);
      set({ body: insertAt(area.current, draft.body, image.markdown) });
      setNotice('');
    } catch (err) {
      setNotice('');
      setError(err);
    }
  };

  return (
    <>
      <PageHeader
        title={id === 'new' ? t('articles.edit.new') : t('articles.edit.title')}
        actions={<Link to={articlesPath}>{t('articles.back')}</Link>}
      />
      <form className="article-editor" onSubmit={(e) => void save(e)}>
        <div className="article-fields card">
          <label className="field">
            <span>{t('articles.field.title')}</span>
            <input value={draft.title} onChange={(e) => set({ title: e.target.value })} required maxLength={200} disabled={!canEdit} />
          </label>
          <HintedField label={t('articles.field.slug')} hint={t('articles.field.slugHint')}>
            <input value={draft.slug} onChange={(e) => set({ slug: e.target.value })} maxLength={80} spellCheck={false} disabled={!canEdit} />
          </HintedField>
          <div className="field-row">
            <label className="field">
              <span>{t('articles.field.locale')}</span>
              <select value={draft.locale} onChange={(e) => set({ locale: e.target.value as Locale })} disabled={id !== 'new'}>
                <option value="zh-CN">{t('lang.zh-CN')}</option>
                <option value="en">{t('lang.en')}</option>
              </select>
            </label>
            <label className="field">
              <span>{t('articles.field.status')}</span>
              <select value={draft.status} onChange={(e) => set({ status: e.target.value as ArticleStatus })} disabled={!canEdit}>
                {articleStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`articles.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <HintedField label={t('articles.category')} hint={t('articles.categoryHint')}>
            <input value={draft.category} onChange={(e) => set({ category: e.target.value })} disabled={!canEdit} />
          </HintedField>
          <HintedField label={t('articles.field.tags')} hint={t('articles.field.tagsHint')}>
            <input value={draft.tags} onChange={(e) => set({ tags: e.target.value })} disabled={!canEdit} />
          </HintedField>
        </div>
        <div className="article-panes">
          <div className="article-pane">
            <HintedField label={t('articles.field.body')} hint={t('articles.field.bodyHint')}>
              <textarea
                ref={area}
                className="article-source mono"
                value={draft.body}
                onChange={(e) => set({ body: e.target.value })}
                rows={24}
                spellCheck={false}
                disabled={!canEdit}
              />
            </HintedField>
            {canEdit && (
              <label className="btn btn-small article-image">
                {t('articles.image')}
                <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden onChange={(e) => void addImage(e.target.files?.[0])} />
              </label>
            )}
          </div>
          <div className="article-pane">
            <div className="field">
              <span>{t('articles.preview')}</span>
              <ArticlePreview body={draft.body} />
            </div>
          </div>
        </div>
        <ErrorNote error={error} />
        {notice && (
          <p className="muted" role="status">
            {notice}
          </p>
        )}
        {canEdit && (
          <div className="row-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('common.save')}
            </button>
            {id !== 'new' && <ConfirmButton label={t('common.delete')} confirmLabel={t('articles.deleteConfirm')} onConfirm={() => void remove()} />}
          </div>
        )}
      </form>
    </>
  );
}
