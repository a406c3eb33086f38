import type { CheckResult } from '../core/check-result.ts';
import type { CanonicalColumn, Db } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

/** One side of a pushdown comparison: a table (or join) read inside its own database. */
export interface PushdownSide {
  db: Db;
  table: string;
  /** A FROM clause read instead of the table (a join to reach a parent's legacy id). */
  from?: string;
  /** SQL expression of the numeric legacy key on this side, e.g. `id` or `CAST(x_legacy_id AS DECIMAL(20,0))`. */
  keyExpr: string;
  /** Identity fields in the same order on both sides (ids, amounts, dates, quantities). */
  columns: readonly CanonicalColumn[];
  where?: string;
  /**
   * Numeric keys left out on this side: records the rules quarantine or put out of scope,
   * which SQL alone cannot tell (they fail on dirt only the rules see).
   */
  excludeKeys?: Iterable<string>;
}

export interface PushdownChecksumOptions {
  legacy: PushdownSide;
  target: PushdownSide;
  /** Ranges a differing range is split into at each level. */
  fanout?: number;
  /** A range holding at most this many keys is brought to Node row by row. */
  leafKeys?: number;
}

export interface PushdownStats {
  /** Range digests computed on each side. */
  rangeQueries: number;
  /** Rows brought to Node from both sides together. */
  rowsFetched: number;
}

interface Range {
  lo: bigint;
  /** Exclusive. */
  hi: bigint;
}

/**
 * Identity fields hashed inside both databases by key range (DESIGN: pushdown hashing):
 * each range's row count and XOR of row MD5s is computed by each server; only ranges whose
 * digests differ are split again, down to a few keys whose rows come to Node to name the
 * key, field, expected and actual value. Needs a numeric legacy key.
 */
export async function pushdownChecksum(
  meta: CheckMeta,
  options: PushdownChecksumOptions,
): Promise<CheckResult & { stats: PushdownStats }> {
  const startedAt = performance.now();
  const fanout = BigInt(options.fanout ?? 16);
  const leafKeys = BigInt(options.leafKeys ?? 64);
  const { legacy, target } = options;
  if (legacy.columns.length !== target.columns.length) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `${meta.id}: both sides must hash the same number of fields`,
    );
  }
  const stats: PushdownStats = { rangeQueries: 0, rowsFetched: 0 };
  const failures = new FailureList(meta);
  const bounds = await keyBounds([legacy, target]);
  let rows = 0;
  let differingRanges = 0;
  let pending: Range[] = bounds ? [bounds] : [];
  while (pending.length > 0) {
    const next: Range[] = [];
    for (const range of pending) {
      const [l, t] = await Promise.all([rangeDigest(legacy, range), rangeDigest(target, range)]);
      stats.rangeQueries += 1;
      if (range === bounds) rows = Number(l.count);
      if (l.count === t.count && l.digest === t.digest) continue;
      if (range.hi - range.lo <= leafKeys) {
        differingRanges += 1;
        stats.rowsFetched += await compareRows(options, range, failures);
      } else next.push(...split(range, fanout));
    }
    pending = next;
  }
  return {
    ...buildResult(meta, {
      kind: 'pushdown-checksum',
      status: failures.count === 0 ? 'pass' : 'fail',
      summary: `${rows} legacy rows hashed in ${stats.rangeQueries} range pairs; ${differingRanges} leaf ranges differ, ${stats.rowsFetched} rows read to name ${failures.count} differences`,
      startedAt,
      failures,
      source: rows.toString(),
      difference: failures.count.toString(),
      tolerance: '0',
      unit: 'differences',
    }),
    stats,
  };
}

function where(side: PushdownSide, range: Range): string {
  const k = side.keyExpr;
  const own = side.where === undefined ? '' : ` AND (${side.where})`;
  const out = excluded(side).filter((key) => key >= range.lo && key < range.hi);
  const not = out.length === 0 ? '' : ` AND ${k} NOT IN (${out.join(', ')})`;
  return `${k} >= ${range.lo} AND ${k} < ${range.hi}${own}${not}`;
}

const excludedCache = new WeakMap<PushdownSide, bigint[]>();

/** Parsed once per side; BigInt() refuses anything but an integer, so the list is safe SQL. */
function excluded(side: PushdownSide): bigint[] {
  let keys = excludedCache.get(side);
  if (!keys) {
    keys = [...(side.excludeKeys ?? [])].filter((k) => /^-?\d+$/.test(k)).map((k) => BigInt(k));
    excludedCache.set(side, keys);
  }
  return keys;
}

async function keyBounds(sides: PushdownSide[]): Promise<Range | undefined> {
  let lo: bigint | undefined;
  let hi: bigint | undefined;
  for (const side of sides) {
    const own = side.where === undefined ? '' : ` WHERE ${side.where}`;
    const from = side.from ?? side.db.dialect.quoteIdent(side.table);
    const { rows } = await side.db.query(
      `SELECT MIN(${side.keyExpr}), MAX(${side.keyExpr}) FROM ${from}${own}`,
    );
    const [min, max] = rows[0] ?? [];
    if (min === null || min === undefined || max === null || max === undefined) continue;
    const a = BigInt(min.split('.')[0] ?? min);
    const b = BigInt(max.split('.')[0] ?? max) + 1n;
    lo = lo === undefined || a < lo ? a : lo;
    hi = hi === undefined || b > hi ? b : hi;
  }
  return lo === undefined || hi === undefined ? undefined : { lo, hi };
}

async function rangeDigest(
  side: PushdownSide,
  range: Range,
): Promise<{ count: string; digest: string }> {
  const sql = side.db.dialect.tableDigestSql({
    table: side.table,
    columns: side.columns,
    where: where(side, range),
    ...(side.from === undefined ? {} : { from: side.from }),
  });
  const { rows } = await side.db.query(sql);
  return { count: rows[0]?.[0] ?? '0', digest: rows[0]?.[1] ?? '' };
}

function split(range: Range, fanout: bigint): Range[] {
  const width = (range.hi - range.lo + fanout - 1n) / fanout;
  const parts: Range[] = [];
  for (let lo = range.lo; lo < range.hi; lo += width) {
    parts.push({ lo, hi: lo + width < range.hi ? lo + width : range.hi });
  }
  return parts;
}

/** Brings one small range's canonical rows from both sides to Node and names each difference. */
async function compareRows(
  options: PushdownChecksumOptions,
  range: Range,
  failures: FailureList,
): Promise<number> {
  const [legacyRows, targetRows] = await Promise.all([
    readRange(options.legacy, range),
    readRange(options.target, range),
  ]);
  const keys = [...new Set([...legacyRows.keys(), ...targetRows.keys()])].sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : 1,
  );
  for (const key of keys) {
    const l = legacyRows.get(key);
    const t = targetRows.get(key);
    if (!t) failures.add({ key, message: 'in the legacy range, missing from the target' });
    else if (!l) failures.add({ key, message: 'in the target without a legacy record' });
    else if (l.length > 1 || t.length > 1)
      failures.add({
        key,
        message: `held ${l.length} times in the legacy, ${t.length} in the target`,
      });
    else {
      options.target.columns.forEach((column, i) => {
        const expected = l[0]?.[i] ?? null;
        const actual = t[0]?.[i] ?? null;
        if (expected !== actual) failures.add({ key, field: column.column, expected, actual });
      });
    }
  }
  let fetched = 0;
  for (const rows of [...legacyRows.values(), ...targetRows.values()]) fetched += rows.length;
  return fetched;
}

async function readRange(
  side: PushdownSide,
  range: Range,
): Promise<Map<string, (string | null)[][]>> {
  const d = side.db.dialect;
  const from = side.from ?? d.quoteIdent(side.table);
  const columns = side.columns.map((c) => d.canonicalExpr(c));
  const key = d.canonicalExpr({ column: 'key', kind: 'integer', expr: side.keyExpr });
  const byKey = new Map<string, (string | null)[][]>();
  for await (const row of side.db.stream(
    `SELECT ${key}, ${columns.join(', ')} FROM ${from} WHERE ${where(side, range)}`,
  )) {
    const k = row[0] ?? '';
    const list = byKey.get(k) ?? [];
    list.push(row.slice(1));
    byKey.set(k, list);
  }
  return byKey;
}
