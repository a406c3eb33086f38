import { CutoverError, ErrorCodes, describeCause } from '../../core/errors.ts';
import type { DialectName } from '../../core/dialect.ts';
import type { ConnectionTarget } from './connection-target.ts';

export function unreachable(
  dialect: DialectName,
  target: ConnectionTarget,
  cause: unknown,
): CutoverError {
  return new CutoverError(
    ErrorCodes.DATABASE_UNREACHABLE,
    `cannot connect to ${dialect} database at ${target.where} as user '${target.user}': ${describeCause(cause)}. ` +
      'Check that the server runs, the URL is right and the user may log in.',
    { cause, details: { dialect, where: target.where } },
  );
}

export function queryFailed(sql: string, cause: unknown): CutoverError {
  const head = sql.length > 200 ? `${sql.slice(0, 200)}...` : sql;
  return new CutoverError(
    ErrorCodes.QUERY_FAILED,
    `query failed: ${describeCause(cause)}; SQL: ${head}`,
    {
      cause,
      details: { sql: head },
    },
  );
}

export function writeRefused(database: string, what: string): CutoverError {
  return new CutoverError(
    ErrorCodes.LEGACY_WRITE_REFUSED,
    `refused to ${what} on database '${database}': the connection is read-only (a legacy database the harness did not create is never written)`,
    { details: { database } },
  );
}

/**
 * Statements a read-only connection may send. The server's read-only session is the real
 * guard; this one fails early and with a clear code rather than a driver error.
 */
export function isReadStatement(sql: string): boolean {
  const head = sql
    .replace(/^(\s+|--[^\n]*\n?|#[^\n]*\n?|\/\*[\s\S]*?\*\/|\()+/g, '')
    .slice(0, 12)
    .toLowerCase();
  return /^(select|show|with|explain|describe|desc|values|table|set\s|checksum|help|fetch|close|begin|start|commit|rollback|savepoint|release)\b/.test(
    head,
  );
}
