import { useState } from 'react';
import { query, saveDownload, upload } from '../api.ts';
import { Badge, ErrorNote, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { PreviewTable, RowErrors } from './import-preview.tsx';
import type { ImportPreview, ImportResult } from './import-types.ts';
import './import.css';

const IMPORTS = '/api/v1/knowledge/imports';

/** Save an export under a dated name. */
const saveExport = (format: 'csv' | 'xlsx', filters: Record<string, string>) =>
  saveDownload(`/api/v1/knowledge/exports/faqs${query({ format, ...filters })}`, `faq-${new Date().toISOString().slice(0, 10)}.${format}`);

function ExportCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const [locale, setLocale] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const run = (format: 'csv' | 'xlsx') => {
    setError(null);
    saveExport(format, { locale, status, headers: i18n.locale }).catch(setError);
  };
  return (
    <section className="card">
      <h2>{t('import.exportTitle')}</h2>
      <p className="muted">{t('import.exportText')}</p>
      <div className="import-actions">
        <label className="field">
          <span>{t('import.field.locale')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value)}>
            <option value="">{t('import.all')}</option>
            <option value="zh-CN">{t('lang.zh-CN')}</option>
            <option value="en">{t('lang.en')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('import.field.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('import.all')}</option>
            {(['published', 'draft', 'archived'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`import.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => run('csv')}>
          {t('import.exportCsv')}
        </button>
        <button type="button" className="btn" onClick={() => run('xlsx')}>
          {t('import.exportXlsx')}
        </button>
      </div>
      <ErrorNote error={error} />
    </section>
  );
}

function Summary({ preview }: { preview: ImportPreview }) {
  const { t } = useI18n();
  const { counts } = preview;
  return (
    <div className="import-summary">
      <strong>{preview.filename}</strong>
      <span className="muted">{t('import.fileFacts', { format: preview.format.toUpperCase(), encoding: preview.encoding, rows: counts.rows })}</span>
      <Badge tone="good">{t('import.willCreate', { n: counts.create })}</Badge>
      <Badge tone="accent">{t('import.willUpdate', { n: counts.update })}</Badge>
      {counts.error > 0 && <Badge tone="warn">{t('import.withErrors', { n: counts.error })}</Badge>}
      {preview.ignoredColumns.length > 0 && <span className="muted">{t('import.ignored', { columns: preview.ignoredColumns.join(', ') })}</span>}
    </div>
  );
}

function Result({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  const { counts } = result;
  return (
    <div className="note note-good" role="status">
      <span>{t('import.done', { created: counts.created, updated: counts.updated, skipped: counts.skipped })}</span>
      {result.errors.length > 0 && (
        <ul>
          {result.errors.map((e) => (
            <li key={e.row}>
              {t('import.rowN', { row: e.row })} <RowErrors errors={e.errors} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** /knowledge/import: choose a CSV/XLSX file, see what each row would do, import the good rows; export the knowledge base. */
export function ImportPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [locale, setLocale] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async <T,>(path: string, chosen: File, then: (value: T) => void) => {
    setBusy(true);
    setError(null);
    try {
      then(await upload<T>(`${path}${query({ locale })}`, chosen));
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const choose = (chosen: File | undefined) => {
    setFile(chosen ?? null);
    setPreview(null);
    setResult(null);
    if (chosen) void send<ImportPreview>(`${IMPORTS}/preview`, chosen, setPreview);
  };
  const commit = () => file && void send<ImportResult>(IMPORTS, file, (r) => (setResult(r), setPreview(null)));
  const good = preview ? preview.counts.create + preview.counts.update : 0;

  return (
    <>
      <PageHeader title={t('import.title')} description={t('import.description')} />
      <section className="card">
        <h2>{t('import.importTitle')}</h2>
        <p className="muted">{t('import.columnsHint')}</p>
        <div className="import-actions">
          <label className="field">
            <span>{t('import.file')}</span>
            <input type="file" accept=".csv,.xlsx,text/csv" disabled={busy} onChange={(e) => choose(e.target.files?.[0])} />
          </label>
          <label className="field">
            <span>{t('import.defaultLocale')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value)} disabled={busy}>
              <option value="">{t('import.fromFile')}</option>
              <option value="zh-CN">{t('lang.zh-CN')}</option>
              <option value="en">{t('lang.en')}</option>
            </select>
          </label>
          {file && !preview && !busy && (
            <button type="button" className="btn" onClick={() => choose(file)}>
              {t('import.previewAgain')}
            </button>
          )}
        </div>
        <ErrorNote error={error} />
        {busy && <p className="muted">{t('common.loading')}</p>}
        {result && <Result result={result} />}
        {preview && (
          <>
            <Summary preview={preview} />
            <div className="form-actions">
              <button type="button" className="btn btn-primary" disabled={busy || good === 0} onClick={commit}>
                {t('import.commit', { n: good })}
              </button>
            </div>
            <PreviewTable rows={preview.rows} />
          </>
        )}
      </section>
      <ExportCard />
    </>
  );
}
