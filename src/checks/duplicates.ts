import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

export interface DuplicatesOptions {
  db: Db;
  table: string;
  keyColumn: string;
  /**
   * Each entry is one identity: a column, compared after lower-casing and trimming, so
   * 'Rahim@Mail.com ' and 'rahim@mail.com' are the same partner.
   */
  identities: readonly string[];
  where?: string;
}

/** Master-data duplicates (001 §1.5: zero duplicates): rows sharing any identity value. */
export async function duplicates(
  meta: CheckMeta,
  options: DuplicatesOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, table, keyColumn, identities, where } = options;
  const q = (name: string) => db.dialect.quoteIdent(name);
  const failures = new FailureList(meta);
  let groups = 0;
  for (const identity of identities) {
    const norm = (alias: string) => `LOWER(TRIM(CONCAT(${alias}${q(identity)}, '')))`;
    const filter = `${q(identity)} IS NOT NULL AND TRIM(CONCAT(${q(identity)}, '')) <> ''${where ? ` AND (${where})` : ''}`;
    // Unqualified names in `filter` resolve to t: the derived table only has v.
    const sql =
      `SELECT ${norm('t.')}, t.${q(keyColumn)} FROM ${q(table)} t ` +
      `JOIN (SELECT ${norm('')} AS v FROM ${q(table)} WHERE ${filter} GROUP BY ${norm('')} HAVING COUNT(*) > 1) d ` +
      `ON d.v = ${norm('t.')} WHERE ${filter} ORDER BY 1, 2`;
    let current: string | null = null;
    let keys: string[] = [];
    const flush = () => {
      if (current !== null && keys.length > 1) {
        groups += 1;
        for (const key of keys) {
          failures.add({
            key,
            field: identity,
            actual: current,
            message: `shares ${identity} with ${keys.filter((k) => k !== key).join(', ')}`,
          });
        }
      }
    };
    for await (const [value, key] of db.stream(sql)) {
      if (value !== current) {
        flush();
        current = value ?? null;
        keys = [];
      }
      keys.push(key ?? '');
    }
    flush();
  }
  return buildResult(meta, {
    kind: 'duplicates',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${groups} duplicate groups by ${identities.join(', ')}`,
    startedAt,
    failures,
    target: groups.toString(),
    tolerance: '0',
    unit: 'groups',
  });
}
