import type { RawValue } from '../core/dialect.ts';

/**
 * The key text of a record: its key columns' values joined with ':' (NULL as ''). One
 * column, the usual case, without an array per record: it runs for every record read.
 */
export function keyText(
  columns: readonly string[],
): (record: Readonly<Record<string, RawValue>>) => string {
  const [only] = columns;
  if (columns.length === 1 && only !== undefined) return (record) => record[only] ?? '';
  return (record) => columns.map((c) => record[c] ?? '').join(':');
}
