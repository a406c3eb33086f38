import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

/** Formats the seeds name (000 §5.2, §8.3). Checked in Node so both dialects agree. */
export const Formats = {
  'bd-mobile': /^\+8801[3-9]\d{8}$/,
  'bd-phone': /^\+880\d{7,10}$/,
  email: /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/,
  'iso-date': /^\d{4}-\d{2}-\d{2}$/,
  'amount-2dp': /^-?\d+\.\d{2}$/,
} as const;
export type FormatName = keyof typeof Formats;

export interface FormatsOptions {
  db: Db;
  table: string;
  keyColumn: string;
  /** Column -> format its non-NULL values must have. */
  fields: Readonly<Record<string, FormatName>>;
  where?: string;
  /** Whether a violation fails the gate (default) or is only counted and reported. */
  gate?: boolean;
}

export async function formats(meta: CheckMeta, options: FormatsOptions): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, table, keyColumn, fields, where } = options;
  const q = (name: string) => db.dialect.quoteIdent(name);
  const names = Object.keys(fields);
  const sql = `SELECT ${q(keyColumn)}, ${names.map(q).join(', ')} FROM ${q(table)}${where ? ` WHERE ${where}` : ''}`;
  const failures = new FailureList(meta);
  let values = 0;
  for await (const row of db.stream(sql)) {
    names.forEach((name, i) => {
      const value = row[i + 1];
      if (value === null || value === undefined) return;
      values += 1;
      const format = fields[name] as FormatName;
      if (!Formats[format].test(value)) {
        failures.add({
          key: row[0] ?? '',
          field: name,
          actual: value,
          message: `not a valid ${format}`,
        });
      }
    });
  }
  const violated = failures.count > 0;
  return buildResult(meta, {
    kind: 'formats',
    status: !violated ? 'pass' : options.gate === false ? 'warn' : 'fail',
    summary: `${failures.count} of ${values} values break their format`,
    startedAt,
    failures,
    source: values.toString(),
    target: failures.count.toString(),
    tolerance: '0',
    unit: 'values',
  });
}
