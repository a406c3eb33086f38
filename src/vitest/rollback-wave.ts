import type { CheckMeta } from '../checks/check-meta.ts';
import { skippedResult } from '../checks/check-meta.ts';
import { rollbackRehearsal } from '../checks/rollback-rehearsal.ts';
import type { CheckResult } from '../core/check-result.ts';
import { findDefect } from '../defects/index.ts';
import { rollbackBatches } from '../etl/rollback-batches.ts';
import { BOOKKEEPING_TABLES, ROLLBACK_ORDER, type RollbackTable } from '../etl/rollback-order.ts';
import type { Migration } from './migration.ts';

export interface WaveRollbackOptions {
  wave: string;
  /** Entities of the wave whose batches are rolled back. */
  entities: readonly string[];
}

/**
 * The rollback rehearsal of one wave (001 §1.5, §5.2: < 30 minutes, target back to its
 * pre-wave state): every batch the run loaded for the wave's entities is rolled back, timed,
 * and every table compared with the snapshot taken before the wave was loaded. Waves roll
 * back in reverse order, after every other check (suites/zz-rollback). A planted rollback
 * defect (the run context names it) changes the tables the rollback touches.
 */
export async function rehearseWaveRollback(
  meta: CheckMeta,
  m: Migration,
  options: WaveRollbackOptions,
): Promise<CheckResult> {
  const { context } = m;
  const before = context.snapshots[options.wave];
  if (context.mode === 'check-only') {
    return skippedResult(
      meta,
      'check-only run: the harness did not load this wave, so it does not roll it back',
    );
  }
  const batchIds = options.entities.flatMap((entity) => context.batches[entity] ?? []);
  if (!before || batchIds.length === 0) {
    return skippedResult(meta, `no bundled loader ran for ${options.wave} in this run`);
  }
  const tables = sabotaged(ROLLBACK_ORDER, context.planted ?? []);
  const { result } = await rollbackRehearsal(meta, {
    target: m.target,
    // The wave's data tables come back whole. The bookkeeping tables are shared by every
    // wave: what this wave owes is that none of its batches' rows is left in them (a
    // whole-table compare would blame this wave for any later change to an earlier wave's
    // bookkeeping).
    before: Object.fromEntries(
      Object.entries(before).filter(([table]) => !BOOKKEEPING_TABLES.includes(table as never)),
    ),
    rollback: async () => (await rollbackBatches(m.target, batchIds, { tables })).deletedByTable,
    leftovers: () => leftoverBookkeeping(m, batchIds),
  });
  return result;
}

async function leftoverBookkeeping(
  m: Migration,
  batchIds: readonly string[],
): Promise<Record<string, number>> {
  const left: Record<string, number> = {};
  const ids = batchIds.map((_, i) => m.target.dialect.placeholder(i + 1)).join(', ');
  for (const table of BOOKKEEPING_TABLES) {
    const { rows } = await m.target.query(
      `SELECT COUNT(*) FROM ${table} WHERE batch_id IN (${ids})`,
      batchIds,
    );
    left[table] = Number(rows[0]?.[0] ?? 0);
  }
  return left;
}

function sabotaged(
  tables: readonly RollbackTable[],
  planted: readonly string[],
): readonly RollbackTable[] {
  let current = tables;
  for (const name of planted) current = findDefect(name).rollbackTables?.(current) ?? current;
  return current;
}
