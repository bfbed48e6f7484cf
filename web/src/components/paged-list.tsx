import { useCallback, useEffect, useState, type Dispatch, type ReactNode, type Ref, type SetStateAction } from 'react';
import type { Page } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { Loading } from './ui.tsx';

export interface PagedList<T> {
  /** Null until the first page arrives (and, unless kept, while a new first page loads). */
  items: T[] | null;
  setItems: Dispatch<SetStateAction<T[] | null>>;
  /** Where the next page starts; null when there is none. */
  cursor: string | null;
  error: unknown;
  loadMore: () => Promise<void>;
  reload: () => void;
}

/**
 * A keyset-paginated list: reads the first page whenever `fetchPage` changes or on `reload`,
 * and `loadMore` appends the next page, skipping rows already listed (live events may have added them).
 * With `keepWhileLoading` the old rows stay on screen until the new first page replaces them,
 * instead of "Loading". `fetchPage` should be stable (useCallback) and change with the filter.
 *
 * @example
 * const fetchPage = useCallback((cursor: string | null) => api<Page<AuditEvent>>('GET', `/api/v1/audit-events${query({ cursor })}`), []);
 * const list = usePagedList(fetchPage);
 */
export function usePagedList<T extends { id: string }>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  { keepWhileLoading = false }: { keepWhileLoading?: boolean } = {},
): PagedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    if (!keepWhileLoading) setItems(null);
    fetchPage(null).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
      },
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [fetchPage, keepWhileLoading, round]);

  const loadMore = async () => {
    try {
      const page = await fetchPage(cursor);
      setItems((prev) => [...(prev ?? []), ...page.items.filter((n) => !prev?.some((p) => p.id === n.id))]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  };

  return { items, setItems, cursor, error, loadMore, reload: useCallback(() => setRound((r) => r + 1), []) };
}

/**
 * A paged list as a table in a card: "Loading" before the first page, `empty` when there are no rows,
 * and a "load more" button while the list has a next page. The list's error is shown by the page.
 */
export function PagedTable<T>({
  list,
  columns,
  row,
  empty,
  className = 'table',
  bodyRef,
}: {
  list: PagedList<T>;
  /** The column headings, in order. */
  columns: string[];
  row: (item: T, index: number) => ReactNode;
  empty: string;
  className?: string;
  bodyRef?: Ref<HTMLTableSectionElement>;
}) {
  const { t } = useI18n();
  const { items, cursor, error, loadMore } = list;
  if (!items) return error ? null : <Loading />;
  if (items.length === 0) return <div className="card empty muted">{empty}</div>;
  return (
    <section className="card">
      <table className={className}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody ref={bodyRef}>{items.map(row)}</tbody>
      </table>
      {cursor && (
        <div className="table-foot">
          <button type="button" className="btn" onClick={() => void loadMore()}>
            {t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
