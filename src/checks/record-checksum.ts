import type { CheckResult } from '../core/check-result.ts';
import { canonicalText, NULL_TEXT } from '../core/canonical.ts';
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

  const fields = options.fields;
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
    // Canonical texts compared joined by NUL (a held row with no NUL of its own is one
    // string): equal joins are equal fields, exactly, and cheaper than a digest per side.
    const texts = fields.map((f) => canonical(expectation.values[f.name] ?? null, f.kind));
    if (typeof row === 'string' ? texts.join(UNIT) === row : texts.every((t, i) => t === row[i])) {
      matched += 1;
      continue;
    }
    const held = typeof row === 'string' ? row.split(UNIT) : row;
    fields.forEach((field, i) => {
      if (texts[i] !== held[i]) {
        failures.add({
          key: expectation.key,
          field: field.name,
          expected: nullable(texts[i]),
          actual: nullable(held[i]),
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
): Promise<Map<string, string | string[]>> {
  const d = db.dialect;
  // NULL comes back as null and becomes '\N' here: a '\N' literal would not survive
  // MySQL's string escaping.
  const columns = fields.map((f) => d.canonicalExpr({ column: f.name, kind: f.kind }));
  const sql = `SELECT ${d.quoteIdent(keyColumn)}, ${columns.join(', ')} FROM ${d.quoteIdent(table)}${
    where ? ` WHERE ${where}` : ''
  }`;
  // One string per row, not an array of strings: 200k rows held until compared.
  const rows = new Map<string, string | string[]>();
  for await (const raw of db.stream(sql)) {
    const key = raw[0] ?? '';
    if (rows.has(key)) {
      failures.add({ key, message: 'held more than once in the target' });
      continue;
    }
    const values = raw.slice(1).map((v) => v ?? NULL_TEXT);
    // A text holding NUL itself (MySQL allows it) stays split: joins must stay unambiguous.
    rows.set(key, values.some((v) => v.includes(UNIT)) ? values : values.join(UNIT));
  }
  return rows;
}

function nullable(text: string | undefined): string | null {
  return text === undefined || text === '\\N' ? null : text;
}

const UNIT = '\u0000';

// Amounts from the rules are already canonical ('1234.50'): they are their own canonical
// text. Anything else (leading zeros, '+', spaces, '-0.00', other places) goes the long way.
const CANONICAL_DECIMAL2 = /^-?(?:0|[1-9]\d*)\.\d{2}$/;
const CANONICAL_DECIMAL3 = /^-?(?:0|[1-9]\d*)\.\d{3}$/;

function canonical(value: RawValue, kind: CanonicalKind): string {
  if (value === null || kind === 'text') return canonicalText(value, kind);
  const fast =
    kind === 'decimal2' ? CANONICAL_DECIMAL2 : kind === 'decimal3' ? CANONICAL_DECIMAL3 : null;
  if (fast !== null && fast.test(value) && !isNegativeZero(value)) return value;
  return canonicalText(value, kind);
}

function isNegativeZero(value: string): boolean {
  return value.charCodeAt(0) === 45 /* '-' */ && /^-0\.0+$/.test(value);
}
