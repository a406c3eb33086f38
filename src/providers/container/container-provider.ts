import type { ProvideOptions, Provider, StartedDatabase } from '../../core/provider.ts';
import { CutoverError, ErrorCodes, describeCause } from '../../core/errors.ts';
import { dialectFor } from '../../dialects/index.ts';
import { randomSecret } from '../local/random-secret.ts';
import { readServerVersion } from '../read-server-version.ts';
import { safeUrl } from '../safe-url.ts';
import { postgresSettingArgs, THROWAWAY_POSTGRES_SETTINGS } from '../throwaway-postgres.ts';

/** Pinned: the legacy site runs MySQL 5.7; the target is PostgreSQL 15. */
export const CONTAINER_IMAGES = { mysql: 'mysql:5.7', postgres: 'postgres:15' } as const;

let engine: Promise<boolean> | undefined;

/** Is a container engine reachable? Asked once per process: without one the probe fails in ~1 ms. */
export function containerEngineAvailable(): Promise<boolean> {
  engine ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      return true;
    } catch {
      return false;
    }
  })();
  return engine;
}

/**
 * Databases in Docker/Podman containers via testcontainers (imported only when used).
 * With `keep`, the container outlives the process only if Ryuk is off
 * (TESTCONTAINERS_RYUK_DISABLED=true); stopCommand removes it.
 */
export const containerProvider: Provider = {
  strategy: 'container',
  available: () => containerEngineAvailable(),
  provide: provideContainer,
};

interface RunningContainer {
  url: string;
  id: string;
  stop(): Promise<void>;
}

async function provideContainer(options: ProvideOptions): Promise<StartedDatabase> {
  const started = Date.now();
  const dialect = dialectFor(options.dialect);
  let container: RunningContainer;
  try {
    container =
      options.dialect === 'mysql'
        ? await startMysql(options.database)
        : await startPostgres(options.database);
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.PROVIDER_START_FAILED,
      `could not start a ${CONTAINER_IMAGES[options.dialect]} container for the ${options.role} database: ${describeCause(cause)}`,
      { cause, details: { strategy: 'container', image: CONTAINER_IMAGES[options.dialect] } },
    );
  }
  let serverVersion: string;
  try {
    serverVersion = await readServerVersion(dialect, container.url);
  } catch (error) {
    await container.stop();
    throw error;
  }
  const keep = options.keep === true;
  const dispose = async () => {
    if (!keep) await container.stop();
  };
  return {
    role: options.role,
    dialect,
    strategy: 'container',
    url: container.url,
    safeUrl: safeUrl(container.url),
    serverVersion,
    startupMs: Date.now() - started,
    owned: true,
    ...(keep ? { stopCommand: `docker rm -f ${container.id}` } : {}),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

async function startMysql(database: string): Promise<RunningContainer> {
  const { MySqlContainer } = await import('@testcontainers/mysql');
  const rootPassword = randomSecret();
  const container = await new MySqlContainer(CONTAINER_IMAGES.mysql)
    .withDatabase(database)
    .withRootPassword(rootPassword)
    .withUserPassword(randomSecret())
    .withCommand([
      '--local-infile=1',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
    ])
    .start();
  // Root, because the harness creates scratch databases beside the named one.
  const url = `mysql://root:${rootPassword}@${container.getHost()}:${container.getPort()}/${encodeURIComponent(database)}`;
  return { url, id: container.getId(), stop: async () => void (await container.stop()) };
}

async function startPostgres(database: string): Promise<RunningContainer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const password = randomSecret();
  const container = await new PostgreSqlContainer(CONTAINER_IMAGES.postgres)
    .withDatabase(database)
    .withUsername('cutover')
    .withPassword(password)
    .withCommand(['postgres', ...postgresSettingArgs(THROWAWAY_POSTGRES_SETTINGS)])
    .start();
  const url = `postgres://cutover:${password}@${container.getHost()}:${container.getPort()}/${encodeURIComponent(database)}`;
  return { url, id: container.getId(), stop: async () => void (await container.stop()) };
}
