import type { Dialect } from '../../core/dialect.ts';
import {
  mysqlAddMinutesExpr,
  mysqlCanonicalExpr,
  mysqlPeriodExpr,
  mysqlRowDigestExpr,
  mysqlTableDigestSql,
} from './mysql-canonical.ts';
import { connectMysql } from './mysql-db.ts';
import { quoteMysqlIdent } from './quote-mysql-ident.ts';

/** MySQL 5.7 and MariaDB 10.x: the legacy side, so no CTEs or window functions in its SQL. */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  quoteIdent: quoteMysqlIdent,
  placeholder: () => '?',
  connect: (url, options) => connectMysql(mysqlDialect, url, options),
  canonicalExpr: mysqlCanonicalExpr,
  rowDigestExpr: mysqlRowDigestExpr,
  tableDigestSql: mysqlTableDigestSql,
  addMinutesExpr: mysqlAddMinutesExpr,
  periodExpr: mysqlPeriodExpr,
  analyzeSql: (table) => `ANALYZE TABLE ${quoteMysqlIdent(table)}`,
  vacuumSql: () => undefined,
  versionSql: () => 'SELECT VERSION() AS version',
};
