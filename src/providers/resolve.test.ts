import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/errors.ts';
import type {
  ProvideOptions,
  Provider,
  ProviderStrategy,
  StartedDatabase,
} from '../core/provider.ts';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.ts';
import { containerProvider } from './container/container-provider.ts';
import { localProvider } from './local/local-provider.ts';
import { defaultStrategies, provideDatabase, provideDatabases } from './resolve.ts';
import { urlProvider } from './url/url-provider.ts';

const base: ProvideOptions = {
  role: 'target',
  dialect: 'postgres',
  database: 'x',
  workDir: '/nonexistent',
};

function fake(strategy: ProviderStrategy, available: boolean, calls: string[] = []): Provider {
  return {
    strategy,
    available: async () => available,
    provide: async (options) => {
      calls.push(strategy);
      const dispose = async () => void calls.push(`dispose ${strategy} ${options.role}`);
      const started: StartedDatabase = {
        role: options.role,
        dialect: postgresDialect,
        strategy,
        url: 'postgres://u:secret@h:1/x',
        safeUrl: 'postgres://u:***@h:1/x',
        serverVersion: 'PostgreSQL 15.0',
        startupMs: 7,
        owned: strategy !== 'url',
        dispose,
        [Symbol.asyncDispose]: dispose,
      };
      return started;
    },
  };
}

describe('provideDatabase', () => {
  it('tries url, then container, then local', () => {
    expect(defaultStrategies).toEqual([urlProvider, containerProvider, localProvider]);
  });

  it('falls through unavailable strategies to local and logs strategy, version and start-up time', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    const db = await provideDatabase(base, {
      strategies: [
        fake('url', false, calls),
        fake('container', false, calls),
        fake('local', true, calls),
      ],
      log: (line) => lines.push(line),
    });
    expect(db.strategy).toBe('local');
    expect(calls).toEqual(['local']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('local');
    expect(lines[0]).toContain('PostgreSQL 15.0');
    expect(lines[0]).toContain('7 ms');
    expect(lines[0]).not.toContain('secret');
  });

  it('accepts the strategies as a plain list', async () => {
    const db = await provideDatabase(base, [fake('container', true)]);
    expect(db.strategy).toBe('container');
  });

  it('throws NO_PROVIDER saying what to install when nothing is available', async () => {
    const error = await provideDatabase(base, [
      fake('url', false),
      fake('container', false),
      fake('local', false),
    ]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.NO_PROVIDER });
    expect((error as Error).message).toContain('apt-get install postgresql');
    expect((error as Error).message).toContain('Docker');
    const mysqlError = await provideDatabase({ ...base, dialect: 'mysql' }, []).catch(
      (e: unknown) => e,
    );
    expect((mysqlError as Error).message).toContain('apt-get install mariadb-server');
  });

  it('uses the url strategy only when a URL is given', async () => {
    expect(await urlProvider.available(base)).toBe(false);
    expect(await urlProvider.available({ ...base, url: 'postgres://a:b@c/d' })).toBe(true);
  });
});

describe('provideDatabases', () => {
  it('starts both sides and disposes both', async () => {
    const calls: string[] = [];
    const dbs = await provideDatabases({
      legacy: { ...base, role: 'legacy', dialect: 'mysql' },
      target: base,
      strategies: [fake('local', true, calls)],
    });
    expect([dbs.legacy.role, dbs.target.role]).toEqual(['legacy', 'target']);
    await dbs.dispose();
    expect(calls.filter((c) => c.startsWith('dispose')).sort()).toEqual([
      'dispose local legacy',
      'dispose local target',
    ]);
  });

  it('disposes the side that started when the other fails', async () => {
    const calls: string[] = [];
    const failing: Provider = {
      strategy: 'local',
      available: async (o) => o.role === 'legacy',
      provide: fake('local', true, calls).provide,
    };
    const error = await provideDatabases({
      legacy: { ...base, role: 'legacy' },
      target: base,
      strategies: [failing],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.NO_PROVIDER });
    expect(calls).toContain('dispose local legacy');
  });
});
