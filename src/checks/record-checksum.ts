import type { CheckResult } from '../core/check-result.ts';
import { canonicalText, rowDigest } from '../core/canonical.ts';
import type { CanonicalKind, Db, RawValue } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

export interface ChecksumField {
  /** Target column. */
  name: string;
  kind: CanonicalKind;
}

/** What the rules say about one legacy record. */
export type Expectation =
  | { key: string; present: true; values: Readonly<Record<string, RawValue>> }
  | { key: string; present: false; reason: string };

export interface RecordChecksumOptions {
  fields: readonly ChecksumField[];
  /** The oracle: every in-scope legacy record with what the target must (not) hold. */
  expected: AsyncIterable<Expectation> | Iterable<Expectation>;
  target: { db: Db; table: string; keyColumn: string; where?: string };
}

/**
 * Transform-aware per-record checksum (001 §5.2: 100% match). The target's row is read as
 * canonical text computed inside the database; the expected row is what the mapping spec
 * makes of the legacy record. Mismatches are listed by legacy key and field; records the
 * target lacks, holds twice, or holds without a legacy source are listed too.
 */
export async function recordChecksum(
  meta: CheckMeta,
  options: RecordChecksumOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, table, keyColumn, where } = options.target;
  const failures = new FailureList(meta);
  const actual = await readTarget(db, table, keyColumn, options.fields, where, failures);

  let compared = 0;
  let matched = 0;
  for await (const expectation of options.expected) {
    const row = actual.get(expectation.key);
    actual.delete(expectation.key);
    if (!expectation.present) {
      if (row) {
        failures.add({
          key: expectation.key,
          message: `in the target, but the rules keep it out (${expectation.reason})`,
        });
      }
      continue;
    }
    compared += 1;
    if (!row) {
      failures.add({ key: expectation.key, message: 'missing from the target' });
      continue;
    }
    const expectedTexts = options.fields.map((f) =>
      canonicalText(expectation.values[f.name] ?? null, f.kind),
    );
    if (rowDigest(expectedTexts) === rowDigest(row)) {
      matched += 1;
      continue;
    }
    options.fields.forEach((field, i) => {
      if (expectedTexts[i] !== row[i]) {
        failures.add({
          key: expectation.key,
          field: field.name,
          expected: nullable(expectedTexts[i]),
          actual: nullable(row[i]),
        });
      }
    });
  }
  for (const key of actual.keys()) {
    failures.add({ key, message: 'in the target without a legacy record the rules would load' });
  }
  const ok = failures.count === 0;
  return buildResult(meta, {
    kind: 'record-checksum',
    status: ok ? 'pass' : 'fail',
    summary: `${matched} of ${compared} records match on ${options.fields.length} fields; ${failures.count} differences`,
    startedAt,
    failures,
    source: compared.toString(),
    target: matched.toString(),
    difference: (compared - matched).toString(),
    tolerance: '0',
    unit: 'records',
  });
}

async function readTarget(
  db: Db,
  table: string,
  keyColumn: string,
  fields: readonly ChecksumField[],
  where: string | undefined,
  failures: FailureList,
): Promise<Map<string, string[]>> {
  const d = db.dialect;
  // NULL comes back as null and becomes '\N' here: a '\N' literal would not survive
  // MySQL's string escaping.
  const columns = fields.map((f) => d.canonicalExpr({ column: f.name, kind: f.kind }));
  const sql = `SELECT ${d.quoteIdent(keyColumn)}, ${columns.join(', ')} FROM ${d.quoteIdent(table)}${
    where ? ` WHERE ${where}` : ''
  }`;
  const rows = new Map<string, string[]>();
  for await (const raw of db.stream(sql)) {
    const key = raw[0] ?? '';
    if (rows.has(key)) {
      failures.add({ key, message: 'held more than once in the target' });
      continue;
    }
    rows.set(
      key,
      raw.slice(1).map((v) => v ?? '\\N'),
    );
  }
  return rows;
}

function nullable(text: string | undefined): string | null {
  return text === undefined || text === '\\N' ? null : text;
}
