import type { Db } from '../core/dialect.ts';
import { sourceError } from '../core/source.ts';
import { batchReaders, gatherBatches } from './batches.ts';
import { projectedColumns } from './projection.ts';
import type { LegacySource, SourceRecord } from '../core/source.ts';

export interface MysqlTableSourceOptions {
  /** Name in messages; default 'database.table'. */
  name?: string;
  /** Only these columns (and the key) are read; default every column. */
  columns?: readonly string[];
}

/**
 * A legacy table read over the Db port (raw server text, streamed, key order). Only reads:
 * the harness never writes to a legacy database. The connection belongs to the caller and
 * is not closed by this source.
 */
export async function mysqlTableSource(
  db: Db,
  table: string,
  key: readonly string[] | string,
  options: MysqlTableSourceOptions = {},
): Promise<LegacySource> {
  const keys = typeof key === 'string' ? [key] : key;
  const name = options.name ?? `${db.database}.${table}`;
  const quoted = db.dialect.quoteIdent(table);
  let columns: string[];
  try {
    columns = (await db.query(`SELECT * FROM ${quoted} WHERE 1 = 0`)).columns;
  } catch (cause) {
    throw sourceError(
      name,
      `cannot read the table (${(cause as Error).message})`,
      undefined,
      cause,
    );
  }
  for (const k of keys) {
    if (!columns.includes(k)) throw sourceError(name, `key column '${k}' is not in the table`);
  }
  const read = projectedColumns(name, columns, keys, options.columns);
  const list = options.columns ? read.map((c) => db.dialect.quoteIdent(c)).join(', ') : '*';
  columns = read;
  const orderBy = keys.map((k) => db.dialect.quoteIdent(k)).join(', ');
  const select = `SELECT ${list} FROM ${quoted}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;

  const batches = () =>
    gatherBatches(db.stream(select), (values, row) => {
      const record: SourceRecord = {};
      for (let i = 0; i < columns.length; i++) record[columns[i]!] = values[i] ?? null;
      return { record, row };
    });

  return {
    kind: 'mysql',
    name,
    columns,
    key: keys,
    async count() {
      const result = await db.query(`SELECT COUNT(*) FROM ${quoted}`);
      return Number(result.rows[0]?.[0] ?? 0);
    },
    ...batchReaders(batches),
    location: (row) => `${name} row ${row} (in ${keys.join(', ') || 'table'} order)`,
    footer: async () => null,
    close: async () => undefined,
    [Symbol.asyncDispose]: async () => undefined,
  };
}
