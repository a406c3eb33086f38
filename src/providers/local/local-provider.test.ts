import { exec, execSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvideOptions, StartedDatabase } from '../../core/provider.ts';
import { localProvider } from './local-provider.ts';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cutover-local-provider-'));
  // As root, PostgreSQL runs as another user, which must reach its directory.
  await chmod(workDir, 0o755);
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const options = (
  dialect: 'mysql' | 'postgres',
  extra: Partial<ProvideOptions> = {},
): ProvideOptions => ({
  role: dialect === 'mysql' ? 'legacy' : 'target',
  dialect,
  database: 'provider_test',
  workDir,
  ...extra,
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids listening on a port (ss comes with iproute2). */
function pidsOnPort(port: string): number[] {
  const out = execSync(`ss -ltnpH 'sport = :${port}' || true`, { encoding: 'utf8' });
  return [...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
}

/** The server directory whose postmaster.pid names `port` (other runs may share the fallback dir). */
async function serverDirOnPort(parent: string, port: string): Promise<string | undefined> {
  for (const name of await readdir(parent)) {
    const pidFile = join(parent, name, 'data', 'postmaster.pid');
    if (existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n')[3] === port)
      return join(parent, name);
  }
  return undefined;
}

async function probe(db: StartedDatabase): Promise<string | null | undefined> {
  await using conn = await db.dialect.connect(db.url);
  return (await conn.query('SELECT 1')).rows[0]?.[0];
}

describe('local provider', () => {
  it('is available here for both dialects', async () => {
    expect(await localProvider.available(options('mysql'))).toBe(true);
    expect(await localProvider.available(options('postgres'))).toBe(true);
  });

  it('starts MariaDB and PostgreSQL in parallel and leaves no process or directory after dispose', async () => {
    const [mysql, postgres] = await Promise.all([
      localProvider.provide(options('mysql')),
      localProvider.provide(options('postgres')),
    ]);
    const ports = [new URL(mysql.url).port, new URL(postgres.url).port];
    const pids = ports.flatMap(pidsOnPort);
    try {
      for (const db of [mysql, postgres]) {
        expect(db.strategy).toBe('local');
        expect(db.owned).toBe(true);
        expect(db.stopCommand).toBeUndefined();
        expect(db.safeUrl).not.toContain(new URL(db.url).password);
        expect(db.safeUrl).toContain(':***@');
        expect(await probe(db)).toBe('1');
        expect(db.startupMs).toBeGreaterThan(0);
      }
      expect(mysql.serverVersion).toMatch(/MariaDB|^\d/);
      expect(postgres.serverVersion).toMatch(/^PostgreSQL \d+/);
      expect(pids.length).toBeGreaterThanOrEqual(2);
      expect((await readdir(workDir)).length).toBe(2);
    } finally {
      await Promise.all([mysql.dispose(), postgres.dispose()]);
    }
    for (const pid of pids) expect(alive(pid)).toBe(false);
    for (const port of ports) expect(pidsOnPort(port)).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
    console.info(
      `local start-up: MariaDB ${mysql.startupMs} ms, PostgreSQL ${postgres.startupMs} ms (in parallel)`,
    );
  });

  it('falls back to the temp dir for PostgreSQL when its user cannot reach workDir, and cleans up there too', async () => {
    const closed = await mkdtemp(join(tmpdir(), 'cutover-closed-'));
    try {
      const db = await localProvider.provide(options('postgres', { workDir: closed }));
      expect(await probe(db)).toBe('1');
      const ownDir = await serverDirOnPort(
        join(tmpdir(), 'cutover-postgres'),
        new URL(db.url).port,
      );
      expect(ownDir).toBeDefined();
      await db.dispose();
      expect(await readdir(closed)).toEqual([]);
      expect(existsSync(ownDir ?? '/')).toBe(false);
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });

  it('creates a database the cutover user may write and create databases beside', async () => {
    await using db = await localProvider.provide(options('postgres', { database: 'Odd Name' }));
    await using conn = await db.dialect.connect(db.url);
    expect(conn.database).toBe('Odd Name');
    await conn.exec('CREATE TABLE t (id INT)');
    await conn.exec('CREATE DATABASE another_one');
  });

  it.each(['mysql', 'postgres'] as const)(
    'keeps a %s server running with keep, and stopCommand stops it',
    async (dialect) => {
      const db = await localProvider.provide(options(dialect, { keep: true }));
      const port = new URL(db.url).port;
      const before = await readdir(workDir);
      await db.dispose();
      expect(await probe(db)).toBe('1');
      expect(db.stopCommand).toMatch(/^kill -(TERM|INT) \d+/);
      const pids = pidsOnPort(port);
      // Asynchronously: the server is our child, and only a running event loop reaps it.
      await promisify(exec)(db.stopCommand ?? 'false', { shell: '/bin/sh', timeout: 30_000 });
      for (const pid of pids) expect(alive(pid)).toBe(false);
      expect(pidsOnPort(port)).toEqual([]);
      for (const dir of before) expect(existsSync(join(workDir, dir))).toBe(false);
    },
  );
});
