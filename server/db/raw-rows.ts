import { getTableColumns, type Column, type Table } from 'drizzle-orm';

/**
 * For the few hand-written prepared statements on hot paths: select a
 * table's columns under a prefix, and map the raw result back to the typed
 * row with the same conversions the query layer applies.
 */
export type Columns = [string, Column][];

export const columnsOf = (table: Table): Columns => Object.entries(getTableColumns(table)) as Columns;

/** `alias.column as "prefix.key"` for every column, so one result row can carry several tables' rows. */
export const selectList = (columns: Columns, alias: string, prefix: string): string =>
  columns.map(([key, column]) => `${alias}.${column.name} as "${prefix}.${key}"`).join(', ');

/** The typed row behind `prefix.` in a raw result row. */
export function readRow<T>(columns: Columns, raw: Record<string, unknown>, prefix: string): T {
  const row: Record<string, unknown> = {};
  for (const [key, column] of columns) {
    const value = raw[`${prefix}.${key}`];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T;
}
