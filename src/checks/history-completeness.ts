import type { CheckResult, GroupFigure } from '../core/check-result.ts';
import type { Db, Period } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

export interface HistorySide {
  db: Db;
  table: string;
  /** SQL expression of the record's date or timestamp. */
  dateExpr: string;
  /** Minutes east of how the date is stored, to read it in the business's zone (UTC -> Dhaka: 360). */
  offsetMinutes?: number;
  where?: string;
}

export interface HistoryCompletenessOptions {
  period: Period;
  /** Window start as text comparable with the bucket ('YYYY-MM-DD' or 'YYYY-MM'), inclusive. */
  from: string;
  /** Window end, inclusive bucket (the asOf's day or month). */
  to: string;
  /** A database side, or the bucket of every legacy record read from a Source (SQLite, CSV). */
  legacy: HistorySide | { buckets: Iterable<string> | AsyncIterable<string> };
  target: HistorySide & { keyColumn: string };
  /**
   * Exact start of the window as stored in the target (e.g. windowStart(asOf) for a UTC
   * timestamp): records before it are leaks even inside the first bucket. Default: the
   * first bucket.
   */
  leakedBefore?: string;
}

/**
 * Completeness of history (001 §5.1: historical data complete, 2 years): every day or month
 * of the window that the legacy holds records for holds them in the target too (counts per
 * bucket reported), and the target holds nothing older than the window (leaked records
 * named by key).
 */
export async function historyCompleteness(
  meta: CheckMeta,
  options: HistoryCompletenessOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const legacy =
    'buckets' in options.legacy
      ? await counted(options.legacy.buckets)
      : await buckets(options.legacy, options.period);
  const target = await buckets(options.target, options.period);
  const failures = new FailureList(meta);
  const groups: GroupFigure[] = [];
  const inWindow = (b: string) => b >= options.from && b <= options.to;
  for (const bucket of [...new Set([...legacy.keys(), ...target.keys()])].filter(inWindow).sort()) {
    const l = legacy.get(bucket) ?? 0n;
    const t = target.get(bucket) ?? 0n;
    const missing = l > 0n && t === 0n;
    groups.push({
      group: bucket,
      source: l.toString(),
      target: t.toString(),
      difference: (t - l).toString(),
      status: missing ? 'fail' : 'pass',
    });
    if (missing)
      failures.add({
        key: bucket,
        expected: `${l} records`,
        actual: '0',
        message: `the ${options.period} is missing from the target`,
      });
  }
  let leaked = 0;
  for await (const [key, bucket] of leakedRows(options)) {
    leaked += 1;
    failures.add({
      key: key ?? '',
      actual: bucket ?? null,
      message: `older than the window (before ${options.leakedBefore ?? options.from})`,
    });
  }
  const present = groups.filter((g) => g.status === 'pass' && g.source !== '0').length;
  const expected = groups.filter((g) => g.source !== '0').length;
  return buildResult(meta, {
    kind: 'history-completeness',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${present} of ${expected} legacy ${options.period}s of ${options.from}..${options.to} present; ${leaked} records older than the window`,
    startedAt,
    failures,
    groups,
    source: expected.toString(),
    target: present.toString(),
    difference: (present - expected).toString(),
    tolerance: '0',
    unit: `${options.period}s`,
  });
}

async function buckets(side: HistorySide, period: Period): Promise<Map<string, bigint>> {
  const d = side.db.dialect;
  const bucket = d.periodExpr(side.dateExpr, period, side.offsetMinutes ?? 0);
  const sql = `SELECT ${bucket}, COUNT(*) FROM ${d.quoteIdent(side.table)}${side.where ? ` WHERE ${side.where}` : ''} GROUP BY ${bucket}`;
  const counts = new Map<string, bigint>();
  for (const [b, n] of (await side.db.query(sql)).rows)
    if (b !== null && b !== undefined) counts.set(b, BigInt(n ?? '0'));
  return counts;
}

async function counted(
  values: Iterable<string> | AsyncIterable<string>,
): Promise<Map<string, bigint>> {
  const counts = new Map<string, bigint>();
  for await (const b of values) counts.set(b, (counts.get(b) ?? 0n) + 1n);
  return counts;
}

function leakedRows(options: HistoryCompletenessOptions): AsyncIterable<(string | null)[]> {
  const t = options.target;
  const d = t.db.dialect;
  const bucket = d.periodExpr(t.dateExpr, options.period, t.offsetMinutes ?? 0);
  const own = t.where ? ` AND (${t.where})` : '';
  const [left, bound] =
    options.leakedBefore === undefined
      ? [bucket, options.from]
      : [t.dateExpr, options.leakedBefore];
  return t.db.stream(
    `SELECT ${d.quoteIdent(t.keyColumn)}, ${bucket} FROM ${d.quoteIdent(t.table)} WHERE ${left} < ${d.placeholder(1)}${own} ORDER BY 1`,
    [bound],
  );
}
