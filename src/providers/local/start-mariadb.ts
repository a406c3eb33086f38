import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2';
import { mysqlDialect } from '../../dialects/mysql/mysql-dialect.ts';
import { freePort } from './free-port.ts';
import type { LocalServer } from './local-server.ts';
import { randomSecret } from './random-secret.ts';
import { ServerProcess } from './server-process.ts';
import { socketDirFor } from './short-socket-dir.ts';
import { waitUntil } from './wait-until.ts';
import type { MysqlBinaries } from './find-server-binaries.ts';

const run = promisify(execFile);
const READY_TIMEOUT_MS = 60_000;

export interface StartMariadbOptions {
  binaries: MysqlBinaries;
  workDir: string;
  namePrefix: string;
  database: string;
}

export async function startMariadb(options: StartMariadbOptions): Promise<LocalServer> {
  await mkdir(options.workDir, { recursive: true });
  const dir = await mkdtemp(join(options.workDir, `${options.namePrefix}-mysql-`));
  const datadir = join(dir, 'data');
  const { socketDir, separate } = socketDirFor(dir, 'mysqld.sock');
  const socket = join(socketDir, 'mysqld.sock');
  const asRoot = process.getuid?.() === 0;
  // Each server gets its own temp dir: two servers sharing /tmp collide on '#sql-temptable'
  // names during install (seen when test files start servers at the same time).
  const tmp = join(dir, 'tmp');
  await mkdir(tmp);
  const userArgs = [...(asRoot ? ['--user=root'] : []), `--tmpdir=${tmp}`];

  try {
    await initialise(options.binaries, datadir, userArgs);
  } catch (cause) {
    await rm(dir, { recursive: true, force: true });
    throw cause;
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = ServerProcess.spawn({
      command: options.binaries.server,
      args: [
        '--no-defaults',
        `--datadir=${datadir}`,
        ...userArgs,
        '--bind-address=127.0.0.1',
        `--port=${port}`,
        `--socket=${socket}`,
        `--pid-file=${join(dir, 'mysqld.pid')}`,
        '--skip-log-bin',
        '--skip-name-resolve',
        '--innodb-flush-log-at-trx-commit=0',
        '--innodb-doublewrite=0',
        '--local-infile=1',
        // Legacy sites hold Bengali text: utf8mb4, not MariaDB's latin1 default.
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--max-allowed-packet=64M',
      ],
      dir,
      logFile: join(dir, 'server.log'),
      stopSignal: 'SIGTERM',
      ...(separate ? { extraDirs: [socketDir] } : {}),
    });
    try {
      await waitUntil(() => rootQuery(socket, 'SELECT 1'), {
        timeoutMs: READY_TIMEOUT_MS,
        abortReason: () =>
          server.running ? undefined : `mysqld exited during start-up:\n${server.logTail()}`,
      });
    } catch (error) {
      const portTaken = /already in use|bind on TCP\/IP port/i.test(server.logTail(40));
      await server.stop();
      if (portTaken && attempt < 3) continue;
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n${server.logTail()}`,
        { cause: error },
      );
    }
    const password = randomSecret();
    const db = options.database.replace(/`/g, '``');
    try {
      await rootQuery(
        socket,
        [
          `CREATE USER 'cutover'@'%' IDENTIFIED BY '${password}'`,
          `CREATE USER 'cutover'@'localhost' IDENTIFIED BY '${password}'`,
          `GRANT ALL PRIVILEGES ON *.* TO 'cutover'@'%' WITH GRANT OPTION`,
          `GRANT ALL PRIVILEGES ON *.* TO 'cutover'@'localhost' WITH GRANT OPTION`,
          `CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
          // The password-less root was only for this set-up.
          `ALTER USER 'root'@'localhost' IDENTIFIED BY '${randomSecret()}'`,
          'FLUSH PRIVILEGES',
        ].join('; '),
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    const url = `mysql://cutover:${password}@127.0.0.1:${port}/${encodeURIComponent(options.database)}`;
    return { dialect: mysqlDialect.name, url, process: server, port };
  }
}

async function initialise(
  binaries: MysqlBinaries,
  datadir: string,
  userArgs: string[],
): Promise<void> {
  if (binaries.installDb !== undefined) {
    await run(binaries.installDb, [
      '--no-defaults',
      `--datadir=${datadir}`,
      ...userArgs,
      '--skip-test-db',
      '--auth-root-authentication-method=normal',
    ]);
  } else {
    // Oracle MySQL 5.7+/8 ships no install script: the server initialises its own datadir.
    await run(binaries.server, [
      '--no-defaults',
      `--datadir=${datadir}`,
      ...userArgs,
      '--initialize-insecure',
    ]);
  }
}

function rootQuery(socket: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = mysql.createConnection({
      socketPath: socket,
      user: 'root',
      multipleStatements: true,
      connectTimeout: 2000,
    });
    conn.on('error', () => undefined);
    conn.query(sql, (err) => {
      conn.destroy();
      if (err) reject(err);
      else resolve();
    });
  });
}
