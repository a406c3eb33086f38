import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { PostgresBinaries } from './find-server-binaries.ts';
import { freePort } from './free-port.ts';
import type { LocalServer } from './local-server.ts';
import { randomSecret } from './random-secret.ts';
import { ServerProcess } from './server-process.ts';
import { canTraverse, serverUser } from './server-user.ts';
import type { ServerUser } from './server-user.ts';
import { socketDirFor } from './short-socket-dir.ts';
import { waitUntil } from './wait-until.ts';
import { postgresSettingArgs, THROWAWAY_POSTGRES_SETTINGS } from '../throwaway-postgres.ts';

const run = promisify(execFile);
const READY_TIMEOUT_MS = 60_000;

export interface StartPostgresOptions {
  binaries: PostgresBinaries;
  workDir: string;
  namePrefix: string;
  database: string;
}

export async function startPostgres(options: StartPostgresOptions): Promise<LocalServer> {
  const user = serverUser();
  const base = await baseDir(options.workDir, user);
  const dir = await mkdtemp(join(base, `${options.namePrefix}-postgres-`));
  const { socketDir, separate } = socketDirFor(dir, '.s.PGSQL.65535');
  const datadir = join(dir, 'data');
  const password = randomSecret();
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  for (const key of Object.keys(env)) if (key.startsWith('PG')) delete env[key];
  if (options.binaries.libDir !== undefined)
    env['LD_LIBRARY_PATH'] = [options.binaries.libDir, env['LD_LIBRARY_PATH']]
      .filter(Boolean)
      .join(':');
  const ids = user === undefined ? {} : { uid: user.uid, gid: user.gid };

  try {
    if (user !== undefined) {
      for (const d of separate ? [dir, socketDir] : [dir]) await chown(d, user.uid, user.gid);
    }
    const pwfile = join(dir, 'pwfile');
    await writeFile(pwfile, password + '\n', { mode: 0o600 });
    if (user !== undefined) await chown(pwfile, user.uid, user.gid);
    await run(
      options.binaries.initdb,
      [
        '-D',
        datadir,
        '-U',
        'cutover',
        `--pwfile=${pwfile}`,
        '-A',
        'scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { cwd: dir, env, ...ids },
    );
    await rm(pwfile, { force: true });
  } catch (cause) {
    await rm(dir, { recursive: true, force: true });
    if (separate) await rm(socketDir, { recursive: true, force: true });
    throw cause;
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = ServerProcess.spawn({
      command: options.binaries.postgres,
      args: [
        '-D',
        datadir,
        '-k',
        socketDir,
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        ...postgresSettingArgs([
          ...THROWAWAY_POSTGRES_SETTINGS,
          'max_wal_size=2GB',
          'logging_collector=off',
        ]),
      ],
      dir,
      logFile: join(dir, 'server.log'),
      stopSignal: 'SIGINT',
      env,
      ...ids,
      ...(separate ? { extraDirs: [socketDir] } : {}),
    });
    const admin = {
      host: '127.0.0.1',
      port,
      user: 'cutover',
      password,
      database: 'postgres',
      connectionTimeoutMillis: 2000,
    };
    try {
      await waitUntil(() => adminQuery(admin, 'SELECT 1'), {
        timeoutMs: READY_TIMEOUT_MS,
        abortReason: () =>
          server.running ? undefined : `postgres exited during start-up:\n${server.logTail()}`,
      });
      await adminQuery(
        admin,
        `CREATE DATABASE "${options.database.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`,
      );
    } catch (error) {
      const portTaken = /could not bind|already in use/i.test(server.logTail(40));
      await server.stop();
      if (portTaken && attempt < 3) continue;
      throw error;
    }
    const url = `postgres://cutover:${password}@127.0.0.1:${port}/${encodeURIComponent(options.database)}`;
    return { dialect: 'postgres', url, process: server, port };
  }
}

/** As root, the server user must be able to reach its directory; /tmp always lets it. */
async function baseDir(workDir: string, user: ServerUser | undefined): Promise<string> {
  const dir = resolve(workDir);
  await mkdir(dir, { recursive: true });
  if (user === undefined || canTraverse(dir, user)) return dir;
  const fallback = join(tmpdir(), 'cutover-postgres');
  await mkdir(fallback, { recursive: true });
  await chmod(fallback, 0o755);
  return fallback;
}

async function adminQuery(config: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}
