import { describe, expect, it } from 'vitest';
import { containerEngineAvailable, containerProvider } from './container-provider.ts';

const engine = await containerEngineAvailable();
if (!engine)
  console.info(
    'container provider: no container engine (Docker/Podman) reachable here; start-up test skipped',
  );

describe('container provider', () => {
  it('answers available() quickly and the same every time', async () => {
    const started = Date.now();
    const options = { role: 'legacy', dialect: 'mysql', database: 'x', workDir: '/tmp' } as const;
    const first = await containerProvider.available(options);
    const second = await containerProvider.available(options);
    expect(first).toBe(engine);
    expect(second).toBe(first);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.skipIf(!engine)(
    'starts mysql:5.7 and postgres:15 and removes them on dispose',
    { timeout: 600_000 },
    async () => {
      const workDir = '/tmp';
      const [mysql, postgres] = await Promise.all([
        containerProvider.provide({
          role: 'legacy',
          dialect: 'mysql',
          database: 'legacy',
          workDir,
        }),
        containerProvider.provide({
          role: 'target',
          dialect: 'postgres',
          database: 'target',
          workDir,
        }),
      ]);
      try {
        expect(mysql.serverVersion).toMatch(/^5\.7/);
        expect(postgres.serverVersion).toMatch(/^PostgreSQL 15/);
        await using conn = await mysql.dialect.connect(mysql.url);
        await conn.exec('CREATE TABLE t (id INT, body TEXT)');
        expect(await conn.bulkLoad('t', ['id', 'body'], [['1', 'রহিম']])).toBe(1);
      } finally {
        await Promise.all([mysql.dispose(), postgres.dispose()]);
      }
    },
  );
});
