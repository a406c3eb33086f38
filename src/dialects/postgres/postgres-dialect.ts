import type { Dialect } from '../../core/dialect.ts';
import { connectPostgres } from './postgres-db.ts';
import {
  postgresAddMinutesExpr,
  postgresCanonicalExpr,
  postgresPeriodExpr,
  postgresRowDigestExpr,
  postgresSnapshotDigestSql,
  postgresTableDigestSql,
} from './postgres-canonical.ts';
import { quotePostgresIdent } from './quote-postgres-ident.ts';

/** PostgreSQL 14+ (bit_xor): the target side. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  quoteIdent: quotePostgresIdent,
  placeholder: (n) => `$${n}`,
  connect: (url, options) => connectPostgres(postgresDialect, url, options),
  canonicalExpr: postgresCanonicalExpr,
  rowDigestExpr: postgresRowDigestExpr,
  tableDigestSql: postgresTableDigestSql,
  snapshotDigestSql: postgresSnapshotDigestSql,
  addMinutesExpr: postgresAddMinutesExpr,
  periodExpr: postgresPeriodExpr,
  analyzeSql: (table) => `ANALYZE ${quotePostgresIdent(table)}`,
  vacuumSql: (table) => `VACUUM ${quotePostgresIdent(table)}`,
  versionSql: () =>
    "SELECT 'PostgreSQL ' || split_part(current_setting('server_version'), ' ', 1) AS version",
};
