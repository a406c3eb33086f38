import { loadavg } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedLegacy } from '../generators/seed-legacy.ts';
import { localProvider } from '../src/providers/local/local-provider.ts';
import { provideDatabase } from '../src/providers/resolve.ts';

/** Issue #3: the whole `doc` estate (MySQL + files) in under 10 s on this 2-core machine. */
const AIM_S = 10;
/** ../shared/ENVIRONMENT.md: MariaDB bulk-loads about 500k rows/s here. */
const MARIADB_FLOOR_ROWS_PER_S = 500_000;

/**
 * Seeds `doc` into a throwaway local MariaDB and writes the file-based sources: time and
 * rows/s per source, the total against the aim, CPU time and peak RSS. Printed, not asserted.
 */
export async function benchSeed(profile: 'ci' | 'doc' | 'xl' = 'doc'): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'cutover-bench-seed-'));
  try {
    await using legacy = await provideDatabase(
      { role: 'legacy', dialect: 'mysql', database: 'legacy', workDir },
      { strategies: [localProvider] },
    );
    await using db = await legacy.dialect.connect(legacy.url);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const cpu = process.cpuUsage();
    const load = loadavg()[0]!;
    let result: Awaited<ReturnType<typeof seedLegacy>>;
    try {
      result = await seedLegacy(db, {
        profile,
        seed: 1,
        asOf: '2026-06-30T18:00:00.000Z',
        estateDir: join(workDir, 'estate'),
      });
    } finally {
      clearInterval(sampler);
    }
    const used = process.cpuUsage(cpu);
    const rowsBySource: Record<string, number> = {
      legacy_mysql: Object.values(result.rowsPerTable).reduce((a, b) => a + b, 0),
    };
    for (const [key, rows] of Object.entries(result.rowsPerFileTable)) {
      const source = key.slice(0, key.indexOf('.'));
      rowsBySource[source] = (rowsBySource[source] ?? 0) + rows;
    }
    for (const [source, ms] of Object.entries(result.millisPerSource)) {
      const rows = rowsBySource[source] ?? 0;
      const rate = ms > 0 ? Math.round((rows / ms) * 1000) : 0;
      console.log(
        `  ${source.padEnd(18)} ${String(rows).padStart(8)} rows ${String(ms).padStart(6)} ms ${String(rate).padStart(9)} rows/s`,
      );
    }
    const mysqlRate =
      (rowsBySource['legacy_mysql']! / result.millisPerSource['legacy_mysql']!) * 1000;
    const total = result.durationMs / 1000;
    console.log(
      `  MySQL at ${(mysqlRate / MARIADB_FLOOR_ROWS_PER_S).toFixed(2)}x the bulk-load floor (${MARIADB_FLOOR_ROWS_PER_S} rows/s, generation included)`,
    );
    console.log(
      `seed ${profile}: ${total.toFixed(2)} s wall (aim < ${AIM_S} s: ${total < AIM_S ? 'met' : 'MISSED'}), ` +
        `${((used.user + used.system) / 1e6).toFixed(2)} s CPU in Node, peak RSS ${Math.round(peak / 2 ** 20)} MB, ` +
        `load average ${load.toFixed(1)} at start (2 cores; others' jobs slow it)`,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
