import type { Dialect } from '../core/dialect.ts';

/** Connects once (read-only) and reads the server's version string. */
export async function readServerVersion(dialect: Dialect, url: string): Promise<string> {
  await using db = await dialect.connect(url, { readOnly: true });
  const { rows } = await db.query(dialect.versionSql());
  return rows[0]?.[0] ?? 'unknown';
}
