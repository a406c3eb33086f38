import type { Dialect } from '../../core/dialect.ts';
import { CutoverError, ErrorCodes, describeCause } from '../../core/errors.ts';
import type { ProvideOptions, Provider, StartedDatabase } from '../../core/provider.ts';
import { dialectFor } from '../../dialects/index.ts';
import { readServerVersion } from '../read-server-version.ts';
import { safeUrl } from '../safe-url.ts';
import { findMysqlBinaries, findPostgresBinaries } from './find-server-binaries.ts';
import type { LocalServer } from './local-server.ts';
import { serverUser } from './server-user.ts';
import { startMariadb } from './start-mariadb.ts';
import { startPostgres } from './start-postgres.ts';

/**
 * Throwaway servers from binaries installed on this machine (MariaDB/MySQL, PostgreSQL):
 * own data directory, socket and port under workDir; stopped and removed on dispose.
 */
export const localProvider: Provider = {
  strategy: 'local',
  async available(options) {
    if (options.dialect === 'mysql') return findMysqlBinaries() !== undefined;
    const binaries = findPostgresBinaries();
    // As root, initdb and postgres need an unprivileged user to run as.
    return binaries !== undefined && (process.getuid?.() !== 0 || serverUser() !== undefined);
  },
  provide: provideLocal,
};

async function provideLocal(options: ProvideOptions): Promise<StartedDatabase> {
  const started = Date.now();
  const dialect = dialectFor(options.dialect);
  let server: LocalServer;
  try {
    server = await startServer(options);
  } catch (cause) {
    if (cause instanceof CutoverError) throw cause;
    throw new CutoverError(
      ErrorCodes.PROVIDER_START_FAILED,
      `could not start a local ${options.dialect} server for the ${options.role} database: ${describeCause(cause)}`,
      { cause, details: { strategy: 'local', dialect: options.dialect } },
    );
  }
  let serverVersion: string;
  try {
    serverVersion = await readServerVersion(dialect, server.url);
  } catch (error) {
    await server.process.stop();
    throw error;
  }
  return startedLocal(options, dialect, server, serverVersion, Date.now() - started);
}

function startServer(options: ProvideOptions): Promise<LocalServer> {
  const namePrefix = options.role;
  if (options.dialect === 'mysql') {
    const binaries = findMysqlBinaries();
    if (binaries === undefined)
      throw new Error('no mariadbd or mysqld found (apt-get install mariadb-server)');
    return startMariadb({
      binaries,
      workDir: options.workDir,
      namePrefix,
      database: options.database,
    });
  }
  const binaries = findPostgresBinaries();
  if (binaries === undefined)
    throw new Error('no initdb/postgres found (apt-get install postgresql)');
  return startPostgres({
    binaries,
    workDir: options.workDir,
    namePrefix,
    database: options.database,
  });
}

function startedLocal(
  options: ProvideOptions,
  dialect: Dialect,
  server: LocalServer,
  serverVersion: string,
  startupMs: number,
): StartedDatabase {
  const keep = options.keep === true;
  const stopCommand = keep ? server.process.detach() : undefined;
  const dispose = async () => {
    if (!keep) await server.process.stop();
  };
  return {
    role: options.role,
    dialect,
    strategy: 'local',
    url: server.url,
    safeUrl: safeUrl(server.url),
    serverVersion,
    startupMs,
    owned: true,
    ...(stopCommand === undefined ? {} : { stopCommand }),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
