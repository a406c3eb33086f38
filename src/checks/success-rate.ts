import type { CheckResult, GroupFigure } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

/** A count: a query returning it in its first column, or a function (a legacy Source's count()). */
export type CountSource =
  | { db: Db; sql: string; params?: readonly unknown[] }
  | { count: () => Promise<number | bigint> };

export interface ComponentCounts {
  /** Component name as the report shows it (seed 003: 'Payments', 'Customers'). */
  component: string;
  /** Query returning the source count. */
  source: CountSource;
  /**
   * Query returning the records out of scope by a named rule (not exceptions: the plan
   * leaves them out), subtracted from the source count.
   */
  outOfScope?: CountSource;
  /** Query returning the migrated count. */
  migrated: CountSource;
  /**
   * Query returning every record not migrated: `key, code, message` (e.g. the quarantine).
   * Each is an exception that must be accepted by a disposition or the gate fails.
   */
  exceptions: { db: Db; sql: string; params?: readonly unknown[] };
}

/**
 * Success rate per component as seed 003 reports it (Component, Source Count, Migrated,
 * Success Rate, Status). Every record not migrated is listed as an exception with its
 * reason code; the check fails unless each is accounted for (source = migrated +
 * exceptions) and accepted by a disposition (applyDispositions turns it 'accepted').
 * The rate is computed exactly to two decimals, never through a float.
 */
export async function successRate(
  meta: CheckMeta,
  options: { components: readonly ComponentCounts[] },
): Promise<CheckResult> {
  const startedAt = performance.now();
  const failures = new FailureList(meta);
  const groups: GroupFigure[] = [];
  let sourceTotal = 0n;
  let migratedTotal = 0n;
  for (const c of options.components) {
    const source = (await count(c.source)) - (c.outOfScope ? await count(c.outOfScope) : 0n);
    const migrated = await count(c.migrated);
    sourceTotal += source;
    migratedTotal += migrated;
    let exceptions = 0n;
    for await (const [key, code, message] of c.exceptions.db.stream(
      c.exceptions.sql,
      c.exceptions.params ?? [],
    )) {
      exceptions += 1n;
      failures.add({
        key: key ?? '',
        field: c.component,
        ...(code ? { code } : {}),
        message: `${code ?? ''} ${message ?? ''}`.trim(),
      });
    }
    const unaccounted = source - migrated - exceptions;
    if (unaccounted !== 0n) {
      failures.add({
        key: c.component,
        expected: `${source - exceptions} migrated`,
        actual: `${migrated}`,
        message: `${unaccounted} records neither migrated nor listed as exceptions`,
      });
    }
    groups.push({
      group: c.component,
      source: source.toString(),
      target: migrated.toString(),
      difference: `${migrated - source} (${rate(migrated, source)})`,
      status: source === migrated ? 'pass' : 'fail',
    });
  }
  return buildResult(meta, {
    kind: 'success-rate',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${migratedTotal} of ${sourceTotal} records migrated (${rate(migratedTotal, sourceTotal)}); ${failures.count} exceptions`,
    startedAt,
    failures,
    groups,
    source: sourceTotal.toString(),
    target: migratedTotal.toString(),
    difference: rate(migratedTotal, sourceTotal),
    tolerance: '100.00% or accepted exceptions',
    unit: 'records',
  });
}

async function count(q: CountSource): Promise<bigint> {
  if ('count' in q) return BigInt(await q.count());
  const { rows } = await q.db.query(q.sql, q.params ?? []);
  return BigInt(rows[0]?.[0] ?? '0');
}

/** 'NN.NN%' rounded half up, exact: 16011 of 16014 -> '99.98%'. */
export function rate(part: bigint, whole: bigint): string {
  if (whole === 0n) return '100.00%';
  const basisPoints = (part * 20000n + whole) / (2n * whole);
  return `${basisPoints / 100n}.${(basisPoints % 100n).toString().padStart(2, '0')}%`;
}
