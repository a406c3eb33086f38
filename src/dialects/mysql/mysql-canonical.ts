import type { CanonicalColumn, Period, TableDigestOptions } from '../../core/dialect.ts';
import { quoteMysqlIdent } from './quote-mysql-ident.ts';

/*
 * MySQL 5.7 and MariaDB 10.11 alike: no CTEs, no window functions. Literals avoid
 * backslashes so that a server running with NO_BACKSLASH_ESCAPES reads them the same.
 */
const NULL_TEXT = "CONVERT(X'5C4E' USING utf8mb4)";

export function mysqlCanonicalExpr(column: CanonicalColumn, tableAlias?: string): string {
  const c =
    column.expr !== undefined
      ? `(${column.expr})`
      : (tableAlias === undefined ? '' : `${quoteMysqlIdent(tableAlias)}.`) +
        quoteMysqlIdent(column.column);
  switch (column.kind) {
    case 'text':
      return `CONVERT(${c} USING utf8mb4)`;
    case 'integer':
      // DECIMAL(65,0) rather than SIGNED: BIGINT UNSIGNED values above 2^63 stay exact.
      return `CAST(CAST(${c} AS DECIMAL(65,0)) AS CHAR)`;
    case 'decimal2':
      return `CAST(CAST(${c} AS DECIMAL(65,2)) AS CHAR)`;
    case 'decimal3':
      return `CAST(CAST(${c} AS DECIMAL(65,3)) AS CHAR)`;
    case 'boolean':
      return `CASE WHEN ${c} IS NULL THEN NULL WHEN LOWER(TRIM(CAST(${c} AS CHAR))) IN ('1', 't', 'true') THEN '1' ELSE '0' END`;
    case 'date':
      return `DATE_FORMAT(${c}, '%Y-%m-%d')`;
    case 'timestamp-utc':
      // TIMESTAMP columns render in the session time zone, pinned to +00:00 on connect.
      return `DATE_FORMAT(${c}, '%Y-%m-%d %H:%i:%s')`;
  }
}

export function mysqlRowDigestExpr(
  columns: readonly CanonicalColumn[],
  tableAlias?: string,
): string {
  const parts = columns.map(
    (col) => `COALESCE(${mysqlCanonicalExpr(col, tableAlias)}, ${NULL_TEXT})`,
  );
  return `MD5(CONCAT_WS('|', ${parts.join(', ')}))`;
}

export function mysqlTableDigestSql(options: TableDigestOptions): string {
  const where = options.where === undefined ? '' : ` WHERE ${options.where}`;
  const half = (from: number) =>
    `LPAD(HEX(COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(d, ${from}, 8), 16, 10) AS UNSIGNED)), 0)), 8, '0')`;
  return (
    `SELECT COUNT(*) AS row_count, LOWER(CONCAT(${half(1)}, ${half(9)})) AS xor_digest` +
    ` FROM (SELECT ${mysqlRowDigestExpr(options.columns)} AS d FROM ${options.from ?? quoteMysqlIdent(options.table)}${where}) AS digests`
  );
}

export function mysqlAddMinutesExpr(expr: string, minutes: number): string {
  return `DATE_ADD(${expr}, INTERVAL ${Math.trunc(minutes)} MINUTE)`;
}

export function mysqlPeriodExpr(expr: string, period: Period, offsetMinutes = 0): string {
  const shifted = offsetMinutes === 0 ? expr : mysqlAddMinutesExpr(expr, offsetMinutes);
  return `DATE_FORMAT(${shifted}, '${period === 'day' ? '%Y-%m-%d' : '%Y-%m'}')`;
}
