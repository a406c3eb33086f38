import type { CheckResult, GroupFigure } from '../core/check-result.ts';
import { fromMinorUnits, toMinorUnits } from '../core/canonical.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

/**
 * One side of a comparison. Either a query run inside the database, returning one row per
 * group (`group, sum`) or a single `sum` for a total, the sum being SUM() of a DECIMAL read
 * as text; or a stream of (group, amount) pairs (an accounting export read by a Source),
 * summed here in bigint minor units.
 */
export type AggregateSide =
  | { label: string; db: Db; sql: string; params?: readonly unknown[] }
  | {
      label: string;
      rows:
        | AsyncIterable<readonly [group: string, amount: string | null]>
        | Iterable<readonly [string, string | null]>;
    };

export interface AggregateOptions {
  source: AggregateSide;
  target: AggregateSide;
  /**
   * Absolute tolerance, exclusive (001 Day 710 query 6: ABS(difference) < 1.00). Applies to
   * every group and to the total alike.
   */
  tolerance: string;
  /** Decimal places of the figures: 2 for BDT, 0 for counts. */
  places?: number;
  unit?: string;
  kind?: string;
}

/** Group name of a one-column (total only) query. */
export const TOTAL_GROUP = 'total';

/**
 * Exact aggregate reconciliation, total and per group. Every group is reported, not only the
 * total: two errors that cancel out in the total still fail their own months (or accounts,
 * or partners). A group present on one side only compares against zero.
 */
export async function aggregate(meta: CheckMeta, options: AggregateOptions): Promise<CheckResult> {
  const startedAt = performance.now();
  const places = options.places ?? 2;
  const tolerance = toMinorUnits(options.tolerance, places);
  const source = await readSide(options.source, places);
  const target = await readSide(options.target, places);
  const names = [...new Set([...source.keys(), ...target.keys()])].sort();
  const failures = new FailureList(meta);
  const groups: GroupFigure[] = [];
  let sourceTotal = 0n;
  let targetTotal = 0n;
  for (const group of names) {
    const s = source.get(group) ?? 0n;
    const t = target.get(group) ?? 0n;
    sourceTotal += s;
    targetTotal += t;
    const ok = abs(t - s) < tolerance;
    const figure = {
      group,
      source: money(s, places),
      target: money(t, places),
      difference: money(t - s, places),
    };
    groups.push({ ...figure, status: ok ? 'pass' : 'fail' });
    if (!ok)
      failures.add({
        key: group,
        expected: figure.source,
        actual: figure.target,
        message: `differs by ${figure.difference}`,
      });
  }
  const totalOk = abs(targetTotal - sourceTotal) < tolerance;
  const grouped = names.length > 1 || (names.length === 1 && names[0] !== TOTAL_GROUP);
  if (!totalOk && grouped) {
    failures.add({
      key: TOTAL_GROUP,
      expected: money(sourceTotal, places),
      actual: money(targetTotal, places),
    });
  }
  const failedGroups = groups.filter((g) => g.status === 'fail').length;
  const result = buildResult(meta, {
    kind: options.kind ?? 'aggregate',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary:
      `${options.source.label} ${money(sourceTotal, places)} vs ${options.target.label} ${money(targetTotal, places)}` +
      (grouped ? `; ${failedGroups} of ${groups.length} groups outside ±${options.tolerance}` : ''),
    startedAt,
    failures,
    source: money(sourceTotal, places),
    target: money(targetTotal, places),
    difference: money(targetTotal - sourceTotal, places),
    tolerance: `< ${options.tolerance}`,
    ...(options.unit === undefined ? {} : { unit: options.unit }),
    ...(grouped ? { groups } : {}),
  });
  return result;
}

async function readSide(side: AggregateSide, places: number): Promise<Map<string, bigint>> {
  const sums = new Map<string, bigint>();
  const add = (group: string, amount: string | null | undefined) => {
    const units =
      amount === null || amount === undefined || amount === '' ? 0n : toMinorUnits(amount, places);
    sums.set(group, (sums.get(group) ?? 0n) + units);
  };
  if ('rows' in side) {
    for await (const [group, amount] of side.rows) add(group, amount);
    return sums;
  }
  const { rows } = await side.db.query(side.sql, side.params ?? []);
  for (const row of rows) {
    if (row.length >= 2) add(row[0] ?? '(none)', row[1]);
    else add(TOTAL_GROUP, row[0]);
  }
  return sums;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function money(units: bigint, places: number): string {
  return fromMinorUnits(units, places);
}

/**
 * Row counts by scope (status, month): an exact grouped count, every group reported. The
 * queries return `group, COUNT(*)`.
 */
export function groupedRowCount(
  meta: CheckMeta,
  options: { source: AggregateSide; target: AggregateSide },
): Promise<CheckResult> {
  return aggregate(meta, {
    ...options,
    tolerance: '1',
    places: 0,
    unit: 'rows',
    kind: 'row-count',
  });
}
