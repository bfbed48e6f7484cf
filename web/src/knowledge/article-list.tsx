import { useCallback, useState, type FormEvent } from 'react';
import { api, query, saveDownload, type Page } from '../api.ts';
import { PagedTable, usePagedList } from '../components/paged-list.tsx';
import { Badge, ErrorNote, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ArticleEditor } from './article-editor.tsx';
import { ArticleImport } from './article-import.tsx';
import { articleStatuses, articlesPath, parseCategory, type ArticleStatus, type ArticleSummary } from './article-model.ts';
import './article.css';

const PAGE_SIZE = 50;

/** Every article as a Markdown folder (zip) that the folder import reads back. */
const saveArticles = () => saveDownload('/api/v1/knowledge/exports/articles?format=zip', `articles-${new Date().toISOString().slice(0, 10)}.zip`);
const tone: Record<ArticleStatus, 'good' | 'neutral' | 'warn'> = { published: 'good', draft: 'neutral', archived: 'warn' };

interface Filter {
  q: string;
  locale: string;
  status: string;
  category: string;
}

/** /knowledge/articles: the list, or with `?edit=<id|new>` the editor. */
export function ArticlesPage() {
  const { query: params } = useLocation();
  const edit = params.get('edit');
  return edit ? <ArticleEditor key={edit} id={edit} /> : <ArticleList />;
}

/** Articles newest first, with filters, "load more", and the folder import. */
function ArticleList() {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSession();
  const [filter, setFilter] = useState<Filter>({ q: '', locale: '', status: '', category: '' });
  const [draft, setDraft] = useState<Filter>(filter);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState('');

  const fetchPage = useCallback(
    (after: string | null) =>
      api<Page<ArticleSummary>>(
        'GET',
        `/api/v1/knowledge/articles${query({
          limit: PAGE_SIZE,
          cursor: after,
          q: filter.q.trim(),
          locale: filter.locale,
          status: filter.status,
          category: parseCategory(filter.category).join('/'),
        })}`,
      ),
    [filter],
  );

  const articles = usePagedList(fetchPage);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };

  const canEdit = can('knowledge.manage');
  return (
    <>
      <PageHeader
        title={t('articles.title')}
        description={t('articles.description')}
        actions={
          canEdit && (
            <>
              <button type="button" className="btn" onClick={() => void saveArticles()}>
                {t('articles.export')}
              </button>
              <button type="button" className="btn" onClick={() => setImporting(true)}>
                {t('articles.import')}
              </button>
              <button type="button" className="btn btn-primary" onClick={() => navigate(`${articlesPath}?edit=new`)}>
                {t('articles.new')}
              </button>
            </>
          )
        }
      />
      <form className="filters" onSubmit={apply}>
        <label className="field">
          <span>{t('articles.search')}</span>
          <input value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} maxLength={100} />
        </label>
        <label className="field">
          <span>{t('articles.category')}</span>
          <input value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })} placeholder="售后服务 / 退货退款" />
        </label>
        <label className="field">
          <span>{t('articles.col.locale')}</span>
          <select value={draft.locale} onChange={(e) => setDraft({ ...draft, locale: e.target.value })}>
            <option value="">{t('articles.allLocales')}</option>
            <option value="zh-CN">{t('lang.zh-CN')}</option>
            <option value="en">{t('lang.en')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('articles.col.status')}</span>
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('articles.allStatuses')}</option>
            {articleStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`articles.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          {t('articles.apply')}
        </button>
      </form>
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={articles.error} />
      <PagedTable
        list={articles}
        columns={[t('articles.col.title'), t('articles.category'), t('articles.col.locale'), t('articles.col.status'), t('articles.col.updated')]}
        empty={t('articles.none')}
        row={(a) => (
          <tr key={a.id}>
            <td>
              <Link to={`${articlesPath}?edit=${a.id}`} className="cell-title">
                {a.title}
              </Link>
              <div className="cell-sub mono">{a.slug}</div>
            </td>
            <td>{a.category.join(' / ') || '—'}</td>
            <td>{t(`lang.${a.locale}`)}</td>
            <td>
              <Badge tone={tone[a.status]}>{t(`articles.status.${a.status}`)}</Badge>
            </td>
            <td className="muted nowrap">{i18n.dateTime(a.updatedAt)}</td>
          </tr>
        )}
      />
      {importing && (
        <ArticleImport
          onClose={() => setImporting(false)}
          onImported={(message) => {
            setImporting(false);
            setNotice(message);
            articles.reload();
          }}
        />
      )}
    </>
  );
}
