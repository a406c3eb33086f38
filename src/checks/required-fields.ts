import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

export interface RequiredFieldsOptions {
  db: Db;
  table: string;
  keyColumn: string;
  fields: readonly string[];
  where?: string;
}

/** Required fields (000 §8.3): every row must hold a non-blank value in each field. */
export async function requiredFields(
  meta: CheckMeta,
  options: RequiredFieldsOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, table, keyColumn, fields, where } = options;
  const q = (name: string) => db.dialect.quoteIdent(name);
  // CONCAT(x, '') is text in both dialects, whatever the column's type.
  const blank = fields.map((f) => `${q(f)} IS NULL OR TRIM(CONCAT(${q(f)}, '')) = ''`);
  const flags = fields.map((_, i) => `CASE WHEN ${blank[i]} THEN 1 ELSE 0 END`);
  const sql = `SELECT ${q(keyColumn)}, ${flags.join(', ')} FROM ${q(table)} WHERE (${blank.join(
    ') OR (',
  )})${where ? ` AND (${where})` : ''} ORDER BY ${q(keyColumn)}`;
  const failures = new FailureList(meta);
  for await (const row of db.stream(sql)) {
    fields.forEach((field, i) => {
      if (row[i + 1] === '1')
        failures.add({ key: row[0] ?? '', field, message: 'required value missing' });
    });
  }
  return buildResult(meta, {
    kind: 'required-fields',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${failures.count} missing values in ${fields.join(', ')}`,
    startedAt,
    failures,
    target: failures.count.toString(),
    tolerance: '0',
    unit: 'values',
  });
}
