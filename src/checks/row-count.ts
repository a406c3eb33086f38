import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

/**
 * One counted term: a COUNT(*) query on one side, or a count from elsewhere (a legacy
 * Source: a CSV export, a SQLite table).
 */
export type CountTerm =
  | {
      label: string;
      db: Db;
      /** A query returning a single count in its first column. */
      sql: string;
      params?: readonly unknown[];
    }
  | { label: string; count: () => Promise<number | bigint> };

export interface RowCountOptions {
  /** Terms summed on the source side (e.g. extracted records). */
  source: readonly CountTerm[];
  /** Terms summed on the target side (e.g. loaded + quarantined + out of scope). */
  target: readonly CountTerm[];
}

/**
 * Row-count reconciliation: the sum of the source terms must equal the sum of the target
 * terms exactly (001 §5.2: source = target, 100%). Each term's figure is kept in the
 * summary so a reader sees which side is off.
 */
export async function rowCount(meta: CheckMeta, options: RowCountOptions): Promise<CheckResult> {
  const startedAt = performance.now();
  const count = async (term: CountTerm) => {
    if ('count' in term) return { label: term.label, value: BigInt(await term.count()) };
    const { rows } = await term.db.query(term.sql, term.params ?? []);
    return { label: term.label, value: BigInt(rows[0]?.[0] ?? '0') };
  };
  // One at a time: terms may share a connection, which runs one query at a time.
  const source = [];
  for (const term of options.source) source.push(await count(term));
  const target = [];
  for (const term of options.target) target.push(await count(term));
  const sum = (terms: { value: bigint }[]) => terms.reduce((a, t) => a + t.value, 0n);
  const s = sum(source);
  const t = sum(target);
  const describe = (terms: { label: string; value: bigint }[]) =>
    terms.map((term) => `${term.label} ${term.value}`).join(' + ');
  const failures = new FailureList(meta);
  if (s !== t) {
    failures.add({
      key: meta.entity ?? meta.id,
      expected: s.toString(),
      actual: t.toString(),
      message: `${describe(source)} <> ${describe(target)}`,
    });
  }
  return buildResult(meta, {
    kind: 'row-count',
    status: s === t ? 'pass' : 'fail',
    summary: `${describe(source)} = ${s}; ${describe(target)} = ${t}`,
    startedAt,
    failures,
    source: s.toString(),
    target: t.toString(),
    difference: (t - s).toString(),
    tolerance: '0',
    unit: 'rows',
  });
}
