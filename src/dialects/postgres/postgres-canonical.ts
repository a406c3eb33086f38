import type { CanonicalColumn, Period, TableDigestOptions } from '../../core/dialect.ts';
import { quotePostgresIdent } from './quote-postgres-ident.ts';

// E'' literals: independent of standard_conforming_strings.
const NULL_TEXT = "E'\\\\N'";

export function postgresCanonicalExpr(column: CanonicalColumn, tableAlias?: string): string {
  const c =
    column.expr !== undefined
      ? `(${column.expr})`
      : (tableAlias === undefined ? '' : `${quotePostgresIdent(tableAlias)}.`) +
        quotePostgresIdent(column.column);
  switch (column.kind) {
    case 'text':
      return `(${c})::text`;
    case 'integer':
      // Through numeric so text columns such as '0012' render like MySQL's DECIMAL cast.
      return `round((${c})::numeric, 0)::text`;
    case 'decimal2':
      return `round((${c})::numeric, 2)::text`;
    case 'decimal3':
      return `round((${c})::numeric, 3)::text`;
    case 'boolean':
      return `CASE WHEN ${c} IS NULL THEN NULL WHEN lower(btrim((${c})::text)) IN ('1', 't', 'true') THEN '1' ELSE '0' END`;
    case 'date':
      return `to_char(${c}, 'YYYY-MM-DD')`;
    case 'timestamp-utc':
      // timestamptz renders in the session TimeZone, pinned to UTC on connect.
      return `to_char(${c}, 'YYYY-MM-DD HH24:MI:SS')`;
  }
}

export function postgresRowDigestExpr(
  columns: readonly CanonicalColumn[],
  tableAlias?: string,
): string {
  return `md5(${rowText(columns, tableAlias)})`;
}

// The canonical texts joined by '|', NULL as '\N': what Node's rowDigest hashes too.
function rowText(columns: readonly CanonicalColumn[], tableAlias?: string): string {
  const parts = columns.map(
    (col) => `coalesce(${postgresCanonicalExpr(col, tableAlias)}, ${NULL_TEXT})`,
  );
  return `concat_ws('|', ${parts.join(', ')})`;
}

/**
 * The snapshot digest: the XOR of each row's 64-bit hashtextextended of its canonical text,
 * as 16 hex digits. Only ever compared with a snapshot of the same server, so it need not
 * match MySQL's MD5; on the server it costs half of md5() and the hex casts (the rollback
 * rehearsal's snapshot of the history wave's tables took 0.2-0.3 s).
 */
export function postgresSnapshotDigestSql(options: TableDigestOptions): string {
  const where = options.where === undefined ? '' : ` WHERE ${options.where}`;
  return (
    `SELECT count(*) AS row_count,` +
    ` lpad(to_hex(coalesce(bit_xor(hashtextextended(${rowText(options.columns)}, 0)), 0)), 16, '0') AS xor_digest` +
    ` FROM ${options.from ?? quotePostgresIdent(options.table)}${where}`
  );
}

export function postgresTableDigestSql(options: TableDigestOptions): string {
  const where = options.where === undefined ? '' : ` WHERE ${options.where}`;
  // bit(32) -> bigint zero-extends, so each half XORs as an unsigned 32-bit value (bit_xor: PG 14+).
  const half = (from: number) =>
    `lpad(to_hex(coalesce(bit_xor(('x' || substr(d, ${from}, 8))::bit(32)::bigint), 0)), 8, '0')`;
  return (
    `SELECT count(*) AS row_count, ${half(1)} || ${half(9)} AS xor_digest` +
    ` FROM (SELECT ${postgresRowDigestExpr(options.columns)} AS d FROM ${options.from ?? quotePostgresIdent(options.table)}${where}) AS digests`
  );
}

export function postgresAddMinutesExpr(expr: string, minutes: number): string {
  return `((${expr}) + interval '${Math.trunc(minutes)} minutes')`;
}

// The session runs in UTC, so a timestamptz renders as UTC before the shift.
export function postgresPeriodExpr(expr: string, period: Period, offsetMinutes = 0): string {
  const shifted = offsetMinutes === 0 ? `(${expr})` : postgresAddMinutesExpr(expr, offsetMinutes);
  return `to_char(${shifted}, '${period === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'}')`;
}
