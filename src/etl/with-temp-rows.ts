import type { Db, RawRow } from '../core/dialect.ts';

/**
 * Rows from Node in a temporary PostgreSQL table for as long as `work` runs, in one
 * transaction (the table goes with it): checks compare their expectations with the target
 * inside the database and bring back only what differs; the loader links deferred parents.
 */
export function withTempRows<T>(
  db: Db,
  table: string,
  columns: readonly (readonly [name: string, type: string])[],
  rows: Iterable<RawRow> | AsyncIterable<RawRow>,
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const list = columns.map(([name, type]) => `${name} ${type}`).join(', ');
    await tx.exec(`CREATE TEMP TABLE ${table} (${list}) ON COMMIT DROP`);
    await tx.bulkLoad(
      table,
      columns.map(([name]) => name),
      rows,
    );
    return work(tx);
  });
}
