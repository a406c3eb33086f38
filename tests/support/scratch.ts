import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { mysqlDialect } from '../../src/dialects/mysql/mysql-dialect.ts';
import { postgresDialect } from '../../src/dialects/postgres/postgres-dialect.ts';

export interface ScratchDatabases extends AsyncDisposable {
  /** Fresh database on the run's MariaDB/MySQL server. URLs hold a password: do not print them. */
  legacyUrl: string;
  /** Fresh database on the run's PostgreSQL server. */
  targetUrl: string;
  legacyDatabase: string;
  targetDatabase: string;
  /** Drops both databases. */
  dispose(): Promise<void>;
}

/**
 * A fresh, uniquely named database on each test server, so test files never see each
 * other's tables. `await using scratch = await scratchDatabases('digests')`, or dispose in afterAll.
 */
export async function scratchDatabases(name: string): Promise<ScratchDatabases> {
  const database = uniqueName(name);
  const legacyAdminUrl = inject('legacyAdminUrl');
  const targetAdminUrl = inject('targetAdminUrl');
  {
    await using legacy = await mysqlDialect.connect(legacyAdminUrl);
    await legacy.exec(
      `CREATE DATABASE ${mysqlDialect.quoteIdent(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  }
  {
    await using target = await postgresDialect.connect(targetAdminUrl);
    await target.exec(
      `CREATE DATABASE ${postgresDialect.quoteIdent(database)} ENCODING 'UTF8' TEMPLATE template0`,
    );
  }
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    {
      await using legacy = await mysqlDialect.connect(legacyAdminUrl);
      await legacy.exec(`DROP DATABASE IF EXISTS ${mysqlDialect.quoteIdent(database)}`);
    }
    {
      await using target = await postgresDialect.connect(targetAdminUrl);
      // FORCE: a test that forgot to close a connection must not keep its database alive.
      await target.exec(
        `DROP DATABASE IF EXISTS ${postgresDialect.quoteIdent(database)} WITH (FORCE)`,
      );
    }
  };
  return {
    legacyUrl: withDatabase(legacyAdminUrl, database),
    targetUrl: withDatabase(targetAdminUrl, database),
    legacyDatabase: database,
    targetDatabase: database,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Lower-case, at most 48 characters: valid unquoted on both servers and under both length limits. */
function uniqueName(name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 28) || 'scratch';
  return `t_${slug}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
