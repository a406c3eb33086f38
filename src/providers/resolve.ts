import { allOrNone } from '../core/all-or-none.ts';
import type { DialectName } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { ProvideOptions, Provider, StartedDatabase } from '../core/provider.ts';
import { containerProvider } from './container/container-provider.ts';
import { localProvider } from './local/local-provider.ts';
import { urlProvider } from './url/url-provider.ts';

/** Tried in this order: a URL given wins, then containers, then local binaries. */
export const defaultStrategies: readonly Provider[] = [
  urlProvider,
  containerProvider,
  localProvider,
];

export interface ResolveOptions {
  /** Override the strategies (tests inject fakes). */
  strategies?: readonly Provider[];
  /** One line per database started: strategy, server version, start-up time. Never the URL's password. */
  log?: (line: string) => void;
}

const INSTALL_HINT: Record<DialectName, string> = {
  mysql: 'apt-get install mariadb-server (or install MySQL)',
  postgres: 'apt-get install postgresql',
};

/** The first strategy that can serve `options` provides the database. */
export async function provideDatabase(
  options: ProvideOptions,
  strategiesOrOptions: readonly Provider[] | ResolveOptions = {},
): Promise<StartedDatabase> {
  const resolveOptions: ResolveOptions = isProviderList(strategiesOrOptions)
    ? { strategies: strategiesOrOptions }
    : strategiesOrOptions;
  const strategies = resolveOptions.strategies ?? defaultStrategies;
  for (const provider of strategies) {
    if (!(await provider.available(options))) continue;
    const database = await provider.provide(options);
    resolveOptions.log?.(
      `${options.role} ${options.dialect}: ${database.strategy} ${database.serverVersion} at ${database.safeUrl}, ready in ${database.startupMs} ms`,
    );
    return database;
  }
  throw new CutoverError(
    ErrorCodes.NO_PROVIDER,
    `no way to get a ${options.dialect} database for the ${options.role} side: give its URL, ` +
      `start Docker (or Podman) for containers, or install a local server: ${INSTALL_HINT[options.dialect]}`,
    {
      details: {
        role: options.role,
        dialect: options.dialect,
        tried: strategies.map((s) => s.strategy).join(','),
      },
    },
  );
}

function isProviderList(value: readonly Provider[] | ResolveOptions): value is readonly Provider[] {
  return Array.isArray(value);
}

export interface StartedDatabases extends AsyncDisposable {
  legacy: StartedDatabase;
  target: StartedDatabase;
  dispose(): Promise<void>;
}

export interface ProvideDatabasesOptions extends ResolveOptions {
  legacy: ProvideOptions;
  target: ProvideOptions;
}

/** Both sides at once; if one fails, the other is disposed before the error propagates. */
export async function provideDatabases(
  options: ProvideDatabasesOptions,
  resolveOptions: ResolveOptions = {},
): Promise<StartedDatabases> {
  const resolved: ResolveOptions = { ...resolveOptions };
  const strategies = resolveOptions.strategies ?? options.strategies;
  const log = resolveOptions.log ?? options.log;
  if (strategies !== undefined) resolved.strategies = strategies;
  if (log !== undefined) resolved.log = log;
  const [legacy, target] = await allOrNone(
    [
      () => provideDatabase(options.legacy, resolved),
      () => provideDatabase(options.target, resolved),
    ],
    (started) => started.dispose(),
  );
  const dispose = async () => {
    await Promise.all([legacy.dispose(), target.dispose()]);
  };
  return { legacy, target, dispose, [Symbol.asyncDispose]: dispose };
}
