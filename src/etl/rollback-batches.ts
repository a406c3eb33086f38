import type { Db } from '../core/dialect.ts';
import { CutoverError, describeCause, ErrorCodes } from '../core/errors.ts';
import { truncateBatchPartitions } from './bookkeeping-partitions.ts';
import { BOOKKEEPING_TABLES, ROLLBACK_ORDER, type RollbackTable } from './rollback-order.ts';
import {
  BY_QUERY_FROM_ROWS,
  danglingAfterDeleteSql,
  tablesSafeWithoutTriggers,
  type IncomingKey,
} from './rollback-foreign-keys.ts';

export interface RollbackOptions {
  /** Count what would be deleted, delete nothing. */
  dryRun?: boolean;
  /** Children first. Defaults to ROLLBACK_ORDER. */
  tables?: readonly RollbackTable[];
  /**
   * From how many rows deleted from referenced tables their foreign keys are checked by one
   * query with the triggers off (rollback-foreign-keys.ts); default BY_QUERY_FROM_ROWS.
   */
  keysByQueryFrom?: number;
}

export interface RollbackResult {
  batchIds: string[];
  dryRun: boolean;
  /** Rows deleted (or, in a dry run, that would be) per table, bookkeeping tables included. */
  deletedByTable: Record<string, number>;
  /** Rows of earlier batches put back to their before-image (merges, migration.undo_log). */
  restoredRows: number;
  durationMs: number;
}

/**
 * Removes everything the given batches wrote, in one transaction: migrated rows children
 * first, then their id_map, quarantine and out-of-scope rows; the ledger keeps the batches,
 * marked 'rolled_back', as the record that they ran and were undone.
 */
export async function rollbackBatches(
  target: Db,
  batchIds: readonly string[],
  options: RollbackOptions = {},
): Promise<RollbackResult> {
  const started = performance.now();
  const dryRun = options.dryRun ?? false;
  const tables = options.tables ?? ROLLBACK_ORDER;
  const deletedByTable: Record<string, number> = {};
  let restoredRows = 0;
  if (batchIds.length === 0)
    return { batchIds: [], dryRun, deletedByTable, restoredRows, durationMs: 0 };
  try {
    await target.transaction(async (tx) => {
      // Which tables this deployment has, in one round trip instead of one per table.
      const exists = await existingTables(tx, [
        ...tables.map((t) => t.table),
        ...BOOKKEEPING_TABLES,
      ]);
      restoredRows = exists.has(UNDO_LOG) ? await restoreBeforeImages(tx, batchIds, dryRun) : 0;
      const present = tables.filter((t) => exists.has(t.table));
      const emptied = dryRun
        ? new Map<string, number>()
        : await truncateOwned(tx, present, batchIds);
      for (const [table, removed] of emptied) if (removed > 0) deletedByTable[table] = removed;
      const deleting = present.filter(({ table }) => !emptied.has(table));
      const byQuery = dryRun
        ? undefined
        : await checkedByQuery(tx, deleting, batchIds, options.keysByQueryFrom);
      let triggersOff = false;
      for (const { table, batchColumn } of deleting) {
        const off = byQuery?.safe.has(table) ?? false;
        if (off !== triggersOff)
          await tx.exec(`SET LOCAL session_replication_role = ${off ? 'replica' : 'origin'}`);
        triggersOff = off;
        const removed = await removeRows(
          tx,
          table,
          batchColumn ?? 'x_migration_batch',
          batchIds,
          dryRun,
        );
        // Only tables the batches wrote to: a dry run lists what would go, not twenty zeros.
        if (removed > 0) deletedByTable[table] = removed;
      }
      if (triggersOff) await tx.exec('SET LOCAL session_replication_role = origin');
      // Only keys pointing at a table some rows left with its triggers off.
      const unchecked = byQuery?.keys.filter((k) => (deletedByTable[k.table] ?? 0) > 0) ?? [];
      if (unchecked.length > 0) await refuseDangling(tx, unchecked);
      const bookkeeping = BOOKKEEPING_TABLES.filter((table) => exists.has(table));
      // The batches' own partitions go whole; the DELETE finds what the default ones hold.
      const truncated = dryRun
        ? new Map<string, number>()
        : await truncateBatchPartitions(tx, bookkeeping, batchIds);
      for (const table of bookkeeping) {
        const removed =
          (truncated.get(table) ?? 0) + (await removeRows(tx, table, 'batch_id', batchIds, dryRun));
        if (removed > 0) deletedByTable[table] = removed;
      }
      if (!dryRun) {
        await tx.query(
          `UPDATE migration.batch SET status = 'rolled_back', finished_at = now() WHERE batch_id IN (${placeholders(tx, batchIds.length)})`,
          batchIds,
        );
      }
    });
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.ROLLBACK_FAILED,
      `rollback of batches ${batchIds.join(', ')} failed, nothing was deleted: ${describeCause(cause)}`,
      {
        cause,
        details: { batchIds: batchIds.join(',') },
      },
    );
  }
  return {
    batchIds: [...batchIds],
    dryRun,
    deletedByTable,
    restoredRows,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Rows a batch updated rather than inserted (merges) get their before-images back, newest
 * first, so the oldest image wins when several batches touched a row.
 */
async function restoreBeforeImages(
  tx: Db,
  batchIds: readonly string[],
  dryRun: boolean,
): Promise<number> {
  const { rows } = await tx.query(
    `SELECT id, table_name, row_id FROM migration.undo_log
      WHERE batch_id IN (${placeholders(tx, batchIds.length)}) ORDER BY id DESC`,
    batchIds,
  );
  if (dryRun) return rows.length;
  const columnsOf = new Map<string, string[]>();
  for (const [id, table] of rows) {
    if (id === null || id === undefined || table === null || table === undefined) continue;
    let columns = columnsOf.get(table);
    if (columns === undefined) {
      const [schema, name] = table.split('.', 2);
      const result = await tx.query(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2 AND column_name <> 'id' ORDER BY ordinal_position`,
        [schema, name],
      );
      columns = result.rows.map((r) => r[0] ?? '');
      columnsOf.set(table, columns);
    }
    const list = columns.map((c) => tx.dialect.quoteIdent(c)).join(', ');
    const name = tx.dialect.quoteIdent(table);
    await tx.query(
      `UPDATE ${name} t SET (${list}) = (SELECT ${list} FROM jsonb_populate_record(NULL::${name}, u.before))
         FROM migration.undo_log u WHERE u.id = $1 AND t.id = u.row_id`,
      [id],
    );
  }
  return rows.length;
}

/**
 * The fast path of a rollback: tables whose every row the batches wrote (a wave's own
 * tables, in a rehearsal) are emptied with one TRUNCATE instead of a DELETE per row, which
 * also skips the foreign-key checks per deleted row: rolling wave 4 of doc back took 2.8 s
 * by DELETE. PostgreSQL only (TRUNCATE is transactional there); a table another table
 * still references through a foreign key is only truncated along with that table, so a
 * table holding other rows, or referenced by one that does, keeps the DELETE path. Returns
 * the rows removed per truncated table.
 */
async function truncateOwned(
  tx: Db,
  tables: readonly RollbackTable[],
  batchIds: readonly string[],
): Promise<Map<string, number>> {
  const owned = new Map<string, number>();
  if (tx.dialect.name !== 'postgres') return owned;
  for (const { table, batchColumn } of tables) {
    const column = tx.dialect.quoteIdent(batchColumn ?? 'x_migration_batch');
    // Stops at the first row of another batch (most tables of a later wave's rollback
    // hold some): only a table wholly the batches' is counted.
    const name = tx.dialect.quoteIdent(table);
    const { rows } = await tx.query(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM ${name} WHERE ${column} IS NULL OR ${column} <> ALL($1::text[]))
              THEN -1 ELSE (SELECT count(*) FROM ${name}) END`,
      [batchIds],
    );
    const all = Number(rows[0]?.[0] ?? -1);
    if (all >= 0) owned.set(table, all);
  }
  // Every table referencing a truncated one must be truncated with it (compared by oid:
  // regclass text quotes reserved words, 'sales."order"').
  const names = [...owned.keys()];
  const { rows: oids } = await tx.query(
    'SELECT to_regclass(t)::oid::text FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n',
    [names],
  );
  const tableOf = new Map(names.map((name, i) => [oids[i]?.[0] ?? '', name]));
  const { rows: references } = await tx.query(
    `SELECT confrelid::text, conrelid::text FROM pg_constraint
      WHERE contype = 'f' AND confrelid <> conrelid`,
  );
  for (let changed = true; changed; ) {
    changed = false;
    for (const [referenced, referencing] of references) {
      const table = tableOf.get(referenced ?? '');
      if (
        table !== undefined &&
        owned.has(table) &&
        !owned.has(tableOf.get(referencing ?? '') ?? '')
      ) {
        owned.delete(table);
        changed = true;
      }
    }
  }
  // Only tables holding rows, with every table that references one of them (PostgreSQL
  // truncates a referenced table only together with them): a TRUNCATE of an empty table
  // still replaces its files, 3-5 ms each, and the later waves' tables are empty by then.
  const truncate = new Set([...owned].filter(([, rows]) => rows > 0).map(([table]) => table));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [referenced, referencing] of references) {
      const child = tableOf.get(referencing ?? '');
      if (truncate.has(tableOf.get(referenced ?? '') ?? '') && child && !truncate.has(child)) {
        truncate.add(child);
        changed = true;
      }
    }
  }
  if (truncate.size > 0)
    await tx.exec(`TRUNCATE ${[...truncate].map((t) => tx.dialect.quoteIdent(t)).join(', ')}`);
  return owned;
}

/**
 * The tables whose DELETE runs with the triggers off and the keys then checked by one query
 * (rollback-foreign-keys.ts), or undefined to keep every trigger: when too few referenced
 * rows go for a scan of every referencing table to pay.
 */
async function checkedByQuery(
  tx: Db,
  tables: readonly RollbackTable[],
  batchIds: readonly string[],
  fromRows = BY_QUERY_FROM_ROWS,
): Promise<{ safe: Set<string>; keys: IncomingKey[] } | undefined> {
  const found = await tablesSafeWithoutTriggers(
    tx,
    tables.map((t) => t.table),
  );
  if (found.keys.length === 0) return undefined;
  const referenced = new Set(found.keys.map((k) => k.table));
  let going = 0;
  for (const { table, batchColumn } of tables)
    if (referenced.has(table))
      going += await countRows(tx, table, batchColumn ?? 'x_migration_batch', batchIds);
  return going >= fromRows ? found : undefined;
}

/** Throws, naming the key and a value, when a row still references a deleted row. */
async function refuseDangling(tx: Db, keys: readonly IncomingKey[]): Promise<void> {
  const { rows } = await tx.query(danglingAfterDeleteSql(keys));
  const at = keys.findIndex((_k, i) => rows[0]?.[i] != null);
  if (at < 0) return;
  const key = keys[at]!;
  throw new Error(
    `${key.child} still references ${key.table} ${key.parentColumns.join(', ')} = ${rows[0]?.[at]} through ${key.name}: rolling the batches back would leave it dangling`,
  );
}

/** Before-images of merged rows; a bookkeeping table, restored from before rows go. */
const UNDO_LOG = 'migration.undo_log';

async function existingTables(tx: Db, tables: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query(
    'SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NOT NULL',
    [tables],
  );
  return new Set(rows.map((r) => r[0] ?? ''));
}

async function removeRows(
  tx: Db,
  table: string,
  column: string,
  batchIds: readonly string[],
  dryRun: boolean,
): Promise<number> {
  if (dryRun) return countRows(tx, table, column, batchIds);
  // The count the server reports: counting RETURNING rows instead kept every deleted row in
  // a tuple store (spilled to disk past work_mem) and doubled the DELETE of wave 4's id_map.
  const { affectedRows } = await tx.query(
    `DELETE FROM ${tx.dialect.quoteIdent(table)} WHERE ${batchIn(tx, column, batchIds)}`,
    batchIds,
  );
  if (affectedRows === undefined)
    throw new Error(`the server reported no row count for the DELETE from ${table}`);
  return affectedRows;
}

async function countRows(
  tx: Db,
  table: string,
  column: string,
  batchIds: readonly string[],
): Promise<number> {
  const { rows } = await tx.query(
    `SELECT count(*) FROM ${tx.dialect.quoteIdent(table)} WHERE ${batchIn(tx, column, batchIds)}`,
    batchIds,
  );
  return Number(rows[0]?.[0] ?? 0);
}

function batchIn(tx: Db, column: string, batchIds: readonly string[]): string {
  return `${tx.dialect.quoteIdent(column)} IN (${placeholders(tx, batchIds.length)})`;
}

function placeholders(tx: Db, count: number): string {
  return Array.from({ length: count }, (_v, i) => tx.dialect.placeholder(i + 1)).join(', ');
}
