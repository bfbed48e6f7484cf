import { Badge } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import type { ImportField, PreviewRow, RowError } from './import-types.ts';

const SHOWN: ImportField[] = ['locale', 'key', 'question', 'similar', 'answer', 'category', 'status'];
const TONE = { create: 'good', update: 'accent', error: 'warn' } as const;

/** One line per error: the column as the file names it, and what is wrong, in the interface language. */
export function RowErrors({ errors }: { errors: RowError[] }) {
  const { t } = useI18n();
  return (
    <ul className="import-errors">
      {errors.map((e, i) => (
        <li key={i} title={e.message}>
          {e.header ? <strong>{e.header}: </strong> : null}
          {t(`import.code.${e.code}` as MessageKey)}
        </li>
      ))}
    </ul>
  );
}

/** The parsed rows, what each would do, and the cells with errors highlighted. */
export function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  const { t } = useI18n();
  return (
    <div className="import-table-wrap">
      <table className="table table-top import-table">
        <thead>
          <tr>
            <th>{t('import.row')}</th>
            <th>{t('import.action')}</th>
            {SHOWN.map((field) => (
              <th key={field}>{t(`import.field.${field}` as MessageKey)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const bad = new Set(row.errors.map((e) => e.column));
            return (
              <tr key={row.row} className={row.action === 'error' ? 'import-row-error' : undefined} data-row={row.row}>
                <td className="mono">{row.row}</td>
                <td>
                  <Badge tone={TONE[row.action]}>{t(`import.action.${row.action}`)}</Badge>
                  {row.errors.length > 0 && <RowErrors errors={row.errors} />}
                </td>
                {SHOWN.map((field) => (
                  <td key={field} className={bad.has(field) ? 'import-cell-error' : undefined}>
                    <span className="import-cell">{row.values[field] ?? ''}</span>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
