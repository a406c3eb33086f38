import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';
import { diffSnapshots, takeSnapshot, type TableSnapshot } from './table-snapshot.ts';

/** 001 §1.5 / §5.2: rollback tested and verified in under 30 minutes. */
export const ROLLBACK_LIMIT_MS = 30 * 60 * 1000;

export interface RollbackRehearsalOptions {
  target: Db;
  /** Snapshot taken before the wave was loaded. */
  before: TableSnapshot;
  /** Runs the rollback; returns rows deleted per table. */
  rollback: () => Promise<Record<string, number>>;
  /** Rows of the rolled-back batches still present per table after the rollback (must be 0). */
  leftovers?: () => Promise<Record<string, number>>;
  limitMs?: number;
}

export interface RollbackRehearsalResult {
  result: CheckResult;
  durationMs: number;
  deletedByTable: Record<string, number>;
}

/**
 * Rolls the wave back, times it against the limit, and compares every table's checksum with
 * the pre-wave snapshot. Either a slow rollback or one table left different fails it.
 */
export async function rollbackRehearsal(
  meta: CheckMeta,
  options: RollbackRehearsalOptions,
): Promise<RollbackRehearsalResult> {
  const startedAt = performance.now();
  const limitMs = options.limitMs ?? ROLLBACK_LIMIT_MS;
  const deletedByTable = await options.rollback();
  const durationMs = Math.round(performance.now() - startedAt);
  const after = await takeSnapshot(options.target, Object.keys(options.before));
  const failures = new FailureList(meta);
  for (const difference of diffSnapshots(options.before, after)) {
    failures.add({ key: difference.split(':')[0] ?? '', message: `not restored: ${difference}` });
  }
  for (const [table, rows] of Object.entries(options.leftovers ? await options.leftovers() : {})) {
    if (rows > 0)
      failures.add({
        key: table,
        expected: '0',
        actual: String(rows),
        message: `${rows} rows of the rolled-back batches left`,
      });
  }
  if (durationMs >= limitMs) {
    failures.add({ key: 'duration', expected: `< ${limitMs} ms`, actual: `${durationMs} ms` });
  }
  const result = buildResult(meta, {
    kind: 'rollback-rehearsal',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `rolled back in ${durationMs} ms (limit ${limitMs / 60000} min); ${
      Object.keys(options.before).length - failures.count
    } of ${Object.keys(options.before).length} tables restored${options.leftovers ? ', bookkeeping of the batches removed' : ''}`,
    startedAt,
    failures,
    source: `${limitMs}`,
    target: `${durationMs}`,
    tolerance: `< ${limitMs}`,
    unit: 'ms',
  });
  return { result, durationMs, deletedByTable };
}
