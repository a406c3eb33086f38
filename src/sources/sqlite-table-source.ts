import { basename } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { isCutoverError } from '../core/errors.ts';
import { sourceError } from '../core/source.ts';
import { batchReaders, gatherBatches } from './batches.ts';
import { projectedColumns } from './projection.ts';
import type { LegacySource, LocatedRecord, SourceRecord, SourceValue } from '../core/source.ts';

export interface SqliteTableSourceOptions {
  /** Name in messages; default 'file.sqlite:table'. */
  name?: string;
  /** Only these columns (and the key) are read; default every column. */
  columns?: readonly string[];
}

/**
 * A table of a SQLite file, opened read-only (the harness never writes to legacy data) and
 * streamed in key order with a prepared statement. Text of each value: INTEGER exactly
 * (64-bit, no float), REAL as SQLite prints it (shortest round-trip, '.0' when integral,
 * e.g. '45000.0', '12.4'), TEXT as stored, BLOB as 'x' + hex, NULL as null.
 */
export async function sqliteTableSource(
  path: string,
  table: string,
  key: readonly string[] | string,
  options: SqliteTableSourceOptions = {},
): Promise<LegacySource> {
  const keys = typeof key === 'string' ? [key] : key;
  const name = options.name ?? `${basename(path)}:${table}`;
  const { default: Database } = await import('better-sqlite3');
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (cause) {
    throw sourceError(name, `cannot open the file (${(cause as Error).message})`, undefined, cause);
  }
  const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
  let select: BetterSqlite3.Statement;
  let columns: string[];
  try {
    const orderBy = keys.map(quote).join(', ');
    const all = db
      .prepare(`SELECT * FROM ${quote(table)}`)
      .columns()
      .map((c) => c.name);
    columns = projectedColumns(name, all, keys, options.columns);
    select = db
      .prepare(
        `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}${orderBy ? ` ORDER BY ${orderBy}` : ''}`,
      )
      .raw(true)
      .safeIntegers(true);
  } catch (cause) {
    db.close();
    if (isCutoverError(cause)) throw cause;
    throw sourceError(
      name,
      `cannot read the table (${(cause as Error).message})`,
      undefined,
      cause,
    );
  }
  const counter = db
    .prepare(`SELECT COUNT(*) FROM ${quote(table)}`)
    .pluck()
    .safeIntegers(true);

  // iterate() is synchronous; a batch at a time keeps memory flat for 2M milk records. The
  // statement is only started when the first batch is asked for: an open iterator keeps
  // the connection busy.
  async function* batches(): AsyncGenerator<LocatedRecord[]> {
    yield* gatherBatches(select.iterate() as IterableIterator<unknown[]>, (values, row) => {
      const record: SourceRecord = {};
      for (let i = 0; i < columns.length; i++) record[columns[i]!] = sqliteText(values[i]);
      return { record, row };
    });
  }

  const close = async () => {
    if (db.open) db.close();
  };
  return {
    kind: 'sqlite',
    name,
    columns,
    key: keys,
    count: async () => Number(counter.get() as bigint),
    ...batchReaders(batches),
    location: (row) => `${name} row ${row} (in ${keys.join(', ') || 'rowid'} order)`,
    footer: async () => null,
    close,
    [Symbol.asyncDispose]: close,
  };
}

export function sqliteText(value: unknown): SourceValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toFixed(1);
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return `x${value.toString('hex')}`;
  return String(value);
}
