import type { Dialect, DialectName } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { mysqlDialect } from './mysql/mysql-dialect.ts';
import { postgresDialect } from './postgres/postgres-dialect.ts';

export { mysqlDialect } from './mysql/mysql-dialect.ts';
export { postgresDialect } from './postgres/postgres-dialect.ts';
export { escapeField } from './shared/copy-text.ts';

const DIALECTS: Record<DialectName, Dialect> = { mysql: mysqlDialect, postgres: postgresDialect };

export function dialectFor(name: DialectName | string): Dialect {
  const dialect = (DIALECTS as Record<string, Dialect | undefined>)[name];
  if (dialect === undefined) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `unknown dialect '${name}': expected 'mysql' or 'postgres'`,
    );
  }
  return dialect;
}

/** Dialect from a URL scheme: mysql://, mariadb://, postgres://, postgresql://. */
export function dialectForUrl(url: string): Dialect {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'mysql' || scheme === 'mariadb') return mysqlDialect;
  if (scheme === 'postgres' || scheme === 'postgresql') return postgresDialect;
  throw new CutoverError(
    ErrorCodes.CONFIG_INVALID,
    `cannot tell the dialect of a '${scheme ?? '?'}' URL: use mysql:// or postgres://`,
  );
}
