import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { ProvideOptions } from '../../src/core/provider.ts';
import { containerProvider } from '../../src/providers/container/container-provider.ts';
import { localProvider } from '../../src/providers/local/local-provider.ts';
import { provideDatabases } from '../../src/providers/resolve.ts';
import { urlProvider } from '../../src/providers/url/url-provider.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** MySQL/MariaDB URL of a user that may CREATE DATABASE (see scratch.ts). Holds a password. */
    legacyAdminUrl: string;
    /** PostgreSQL URL of a user that may CREATE DATABASE. Holds a password. */
    targetAdminUrl: string;
  }
}

/**
 * One throwaway MariaDB and one PostgreSQL for the whole test run; test files take their
 * own scratch databases on them. CUTOVER_TEST_LEGACY_URL / CUTOVER_TEST_TARGET_URL point
 * the run at existing servers instead (the user must be allowed to create databases).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = await mkdtemp(join(tmpdir(), 'cutover-test-servers-'));
  // As root, PostgreSQL runs as an unprivileged user that must reach its directory.
  await chmod(workDir, 0o755);
  const side = (
    role: 'legacy' | 'target',
    dialect: 'mysql' | 'postgres',
    url: string | undefined,
  ): ProvideOptions => ({
    role,
    dialect,
    database: 'cutover_admin',
    workDir,
    ...(url === undefined || url === '' ? {} : { url }),
  });
  const servers = await provideDatabases(
    {
      legacy: side('legacy', 'mysql', process.env['CUTOVER_TEST_LEGACY_URL']),
      target: side('target', 'postgres', process.env['CUTOVER_TEST_TARGET_URL']),
    },
    // Local servers start in about a second; containers only where no local binaries exist.
    {
      strategies: [urlProvider, localProvider, containerProvider],
      log: (line) => process.stderr.write(`[test servers] ${line}\n`),
    },
  );
  project.provide('legacyAdminUrl', servers.legacy.url);
  project.provide('targetAdminUrl', servers.target.url);
  return async () => {
    await servers.dispose();
    await rm(workDir, { recursive: true, force: true });
  };
}
