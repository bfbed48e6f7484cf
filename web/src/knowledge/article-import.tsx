import { useState } from 'react';
import { api, type Locale } from '../api.ts';
import { ErrorNote, Modal } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { articleStatuses, type ArticleStatus, type ImportResult } from './article-model.ts';

interface MarkdownFile {
  path: string;
  markdown: string;
}

/** The chosen folder's Markdown files, with paths inside it (the chosen folder's own name dropped). */
async function readFolder(files: FileList): Promise<MarkdownFile[]> {
  const markdown = [...files].filter((f) => /\.(md|markdown)$/i.test(f.name));
  return Promise.all(
    markdown.map(async (file) => ({ path: file.webkitRelativePath.split('/').slice(1).join('/') || file.name, markdown: await file.text() })),
  );
}

/** Import a folder of Markdown files: choose, check (a dry run listing each file's outcome or error), then import all at once. */
export function ArticleImport({ onClose, onImported }: { onClose: () => void; onImported: (message: string) => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<MarkdownFile[]>([]);
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const [status, setStatus] = useState<ArticleStatus>('draft');
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    setBusy(true);
    try {
      const result = await api<ImportResult>('POST', '/api/v1/knowledge/articles/import', { files, locale, status, dryRun });
      setError(null);
      if (dryRun) setChecked(result);
      else onImported(t('articles.import.done', { created: result.created, updated: result.updated }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (list: FileList | null) => {
    setChecked(null);
    setFiles(list ? await readFolder(list) : []);
  };

  return (
    <Modal title={t('articles.import.title')} onClose={onClose}>
      <p className="muted">{t('articles.import.hint')}</p>
      <div className="form">
        <label className="btn article-folder">
          {t('articles.import.choose')}
          {/* webkitdirectory is not in React's types: pass it as a plain attribute. */}
          <input type="file" hidden multiple {...{ webkitdirectory: '' }} onChange={(e) => void choose(e.target.files)} />
        </label>
        {files.length > 0 && <p>{t('articles.import.files', { count: files.length })}</p>}
        <div className="field-row">
          <label className="field">
            <span>{t('articles.import.defaultLocale')}</span>
            <select value={locale} onChange={(e) => (setLocale(e.target.value as Locale), setChecked(null))}>
              <option value="zh-CN">{t('lang.zh-CN')}</option>
              <option value="en">{t('lang.en')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('articles.import.status')}</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as ArticleStatus)}>
              {articleStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`articles.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {checked && <ImportPreview result={checked} />}
        <ErrorNote error={error} />
        <div className="row-actions">
          <button type="button" className="btn" disabled={busy || files.length === 0} onClick={() => void run(true)}>
            {t('articles.import.preview')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || !checked || checked.errors.length > 0 || checked.items.length === 0}
            onClick={() => void run(false)}
          >
            {t('articles.import.run', { count: checked?.items.length ?? 0 })}
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** What a dry run found: each file's article (new or updated) and each file that cannot be imported. */
function ImportPreview({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  return (
    <div className="article-import-preview">
      {result.errors.length > 0 && (
        <div className="note note-error" role="alert">
          <p>{t('articles.import.errors', { count: result.errors.length })}</p>
          <ul>
            {result.errors.map((e) => (
              <li key={e.path}>
                <span className="mono">{e.path}</span>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>{t('articles.import.path')}</th>
            <th>{t('articles.col.title')}</th>
            <th>{t('articles.category')}</th>
            <th>{t('articles.col.locale')}</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((item) => (
            <tr key={item.path}>
              <td className="mono small">{item.path}</td>
              <td>
                {item.title}{' '}
                <span className="muted small">({t(item.action === 'create' ? 'articles.import.create' : 'articles.import.update')})</span>
              </td>
              <td>{item.category.join(' / ')}</td>
              <td>{t(`lang.${item.locale}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
