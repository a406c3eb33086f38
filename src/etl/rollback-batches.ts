import type { Db } from '../core/dialect.ts';
import { CutoverError, describeCause, ErrorCodes } from '../core/errors.ts';
import { BOOKKEEPING_TABLES, ROLLBACK_ORDER, type RollbackTable } from './rollback-order.ts';

export interface RollbackOptions {
  /** Count what would be deleted, delete nothing. */
  dryRun?: boolean;
  /** Children first. Defaults to ROLLBACK_ORDER. */
  tables?: readonly RollbackTable[];
}

export interface RollbackResult {
  batchIds: string[];
  dryRun: boolean;
  /** Rows deleted (or, in a dry run, that would be) per table, bookkeeping tables included. */
  deletedByTable: Record<string, number>;
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
  if (batchIds.length === 0) return { batchIds: [], dryRun, deletedByTable, durationMs: 0 };
  try {
    await target.transaction(async (tx) => {
      for (const { table, batchColumn } of tables) {
        if (!(await tableExists(tx, table))) continue;
        deletedByTable[table] = await removeRows(
          tx,
          table,
          batchColumn ?? 'x_migration_batch',
          batchIds,
          dryRun,
        );
      }
      for (const table of BOOKKEEPING_TABLES) {
        deletedByTable[table] = await removeRows(tx, table, 'batch_id', batchIds, dryRun);
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
    durationMs: Math.round(performance.now() - started),
  };
}

async function tableExists(tx: Db, table: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT to_regclass($1::text) IS NOT NULL', [table]);
  return rows[0]?.[0] === 't' || rows[0]?.[0] === 'true';
}

async function removeRows(
  tx: Db,
  table: string,
  column: string,
  batchIds: readonly string[],
  dryRun: boolean,
): Promise<number> {
  const where = `${tx.dialect.quoteIdent(column)} IN (${placeholders(tx, batchIds.length)})`;
  const name = tx.dialect.quoteIdent(table);
  const sql = dryRun
    ? `SELECT count(*) FROM ${name} WHERE ${where}`
    : `WITH removed AS (DELETE FROM ${name} WHERE ${where} RETURNING 1) SELECT count(*) FROM removed`;
  const { rows } = await tx.query(sql, batchIds);
  return Number(rows[0]?.[0] ?? 0);
}

function placeholders(tx: Db, count: number): string {
  return Array.from({ length: count }, (_v, i) => tx.dialect.placeholder(i + 1)).join(', ');
}
