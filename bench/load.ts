import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import type { Db, RawRow } from '../src/core/dialect.ts';
import { applyTargetSchema } from '../src/etl/apply-target-schema.ts';
import type { LoadResult } from '../src/etl/load-result.ts';
import { compileSpec } from '../src/rules/compile-spec.ts';
import type { EntitySpec } from '../src/rules/spec.ts';
import { allWaves, formatProgress, loadWave, rollbackWave } from '../src/loaders/index.ts';
import { localProvider } from '../src/providers/local/local-provider.ts';
import { provideDatabases } from '../src/providers/resolve.ts';
import { seedLegacy } from '../generators/seed-legacy.ts';

/** Issue #4's aims on this 2-core machine: every wave of `doc`, and the whole rollback. */
const WAVE_AIM_S = 15;
const ROLLBACK_AIM_S = 5;
const AS_OF = '2026-06-30T18:00:00.000Z';

/**
 * Seeds `doc` (MySQL + the file estate) into throwaway local servers, loads every wave and
 * rolls everything back, printing rows/s per entity beside a raw COPY of as many rows and
 * columns, the time per wave and of the rollback against the aims, and peak RSS.
 */
export async function benchLoad(profile: 'ci' | 'doc' | 'xl' = 'doc'): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'cutover-bench-load-'));
  try {
    await using servers = await provideDatabases(
      {
        legacy: { role: 'legacy', dialect: 'mysql', database: 'legacy', workDir },
        target: { role: 'target', dialect: 'postgres', database: 'target', workDir },
      },
      { strategies: [localProvider] },
    );
    const estateDir = join(workDir, 'estate');
    await seed(servers.legacy, profile, estateDir);
    await using legacy = await servers.legacy.dialect.connect(servers.legacy.url, {
      readOnly: true,
    });
    await using target = await servers.target.dialect.connect(servers.target.url);
    await applyTargetSchema(target);
    const atStart = process.memoryUsage().rss;
    const peak = peakRss();
    const results = await loadAll(legacy, target, estateDir, {
      connectTarget: () => servers.target.dialect.connect(servers.target.url),
      connectLegacy: () => servers.legacy.dialect.connect(servers.legacy.url, { readOnly: true }),
    });
    const rollback = await rollbackAll(target);
    const copyRates = await rawCopyRates(target, results);
    peak.stop();
    printEntities(results, copyRates);
    printWaves(results);
    console.log(
      `  rollback of every wave (reverse order): ${rollback.toFixed(2)} s (aim < ${ROLLBACK_AIM_S} s: ${rollback < ROLLBACK_AIM_S ? 'met' : 'MISSED'})`,
    );
    console.log(
      `load ${profile}: peak RSS ${mb(peak.max())} MB while loading and rolling back (${mb(atStart)} MB when the load started, after seeding in this process); peak JS heap ${mb(peak.heap())} MB; live right after a full collection at most ${mb(peak.live())} MB (read as each one ends: an upper bound)`,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

// A function of its own: a suspended async frame would keep the seeder's manifest (hundreds
// of megabytes at xl) alive through the load it is measuring.
async function seed(
  legacy: { dialect: Db['dialect']; url: string },
  profile: 'ci' | 'doc' | 'xl',
  estateDir: string,
): Promise<void> {
  await using seeder = await legacy.dialect.connect(legacy.url);
  const seeded = await seedLegacy(seeder, { profile, seed: 1, asOf: AS_OF, estateDir });
  console.log(
    `  seeded ${profile} in ${(seeded.durationMs / 1000).toFixed(1)} s (not timed below)`,
  );
}

/** Wall time per wave: with groups loading at once, not the sum of its entities. */
const waveSeconds = new Map<string, number>();

interface Loaded {
  wave: string;
  spec: EntitySpec;
  result: LoadResult;
}

async function loadAll(
  legacy: Db,
  target: Db,
  estateDir: string,
  connect: { connectTarget: () => Promise<Db>; connectLegacy: () => Promise<Db> },
): Promise<Loaded[]> {
  const loaded: Loaded[] = [];
  for (const wave of allWaves) {
    const started = performance.now();
    const results = await loadWave({
      // Entities that do not depend on each other at once, as reconcile loads them.
      ...connect,
      wave,
      legacy,
      estateDir,
      target,
      runId: 'bench',
      asOf: AS_OF,
      // Long entities show where the time goes while it is spent.
      progressIntervalMs: 2000,
      onProgress: (p) => console.log(`    ${formatProgress(p)}`),
    });
    waveSeconds.set(wave.wave, (performance.now() - started) / 1000);
    results.forEach((result, i) =>
      loaded.push({ wave: wave.wave, spec: wave.entities[i]!.spec, result }),
    );
  }
  return loaded;
}

async function rollbackAll(target: Db): Promise<number> {
  const started = performance.now();
  for (const wave of [...allWaves].reverse()) await rollbackWave({ target, wave: wave.wave });
  return (performance.now() - started) / 1000;
}

/**
 * The floor: COPY of as many rows and text columns as the entity wrote, into a plain table,
 * from rows already in memory. Per entity, so the ratio compares like with like.
 */
async function rawCopyRates(target: Db, loaded: readonly Loaded[]): Promise<Map<string, number>> {
  const rates = new Map<string, number>();
  for (const { spec, result } of loaded) {
    const columns = compileSpec(spec, { sourceColumns: sourceColumnsOf(spec), asOf: AS_OF })
      .targetColumns.length;
    const rows = result.extracted;
    if (rows === 0) continue;
    const names = Array.from({ length: columns }, (_c, i) => `c${i}`);
    await target.exec(
      `DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (${names.map((n) => `${n} text`).join(', ')})`,
    );
    const started = performance.now();
    await target.bulkLoad('bench_copy', names, copyRows(rows, columns));
    rates.set(spec.entity, (rows * 1000) / (performance.now() - started));
  }
  await target.exec('DROP TABLE IF EXISTS bench_copy');
  return rates;
}

function* copyRows(rows: number, columns: number): Generator<RawRow> {
  for (let r = 0; r < rows; r++)
    yield Array.from({ length: columns }, (_c, i) => `${r}-${i}-value`);
}

// The columns the spec reads are enough to compile it for its target column count.
function sourceColumnsOf(spec: EntitySpec): string[] {
  const key = typeof spec.source.key === 'string' ? [spec.source.key] : [...spec.source.key];
  const read = spec.fields.flatMap((f) => (f.source === undefined ? [] : [f.source]));
  const scope = (spec.scope ?? []).map((r) => r.column);
  return [...new Set([...key, ...read, ...scope])];
}

function printEntities(loaded: readonly Loaded[], copyRates: ReadonlyMap<string, number>): void {
  console.log(
    '  wave / entity                                  rows      s     rows/s  raw COPY rows/s  ratio',
  );
  for (const { wave, spec, result } of loaded) {
    const seconds = result.durationMs / 1000;
    const rate = seconds > 0 ? result.extracted / seconds : 0;
    const copy = copyRates.get(spec.entity) ?? 0;
    console.log(
      `  ${`${wave}/${spec.entity}`.padEnd(44)} ${String(result.extracted).padStart(7)} ${seconds.toFixed(2).padStart(6)} ${Math.round(rate).toString().padStart(10)} ${Math.round(copy).toString().padStart(16)} ${copy > 0 ? (copy / Math.max(rate, 1)).toFixed(1).padStart(5) + 'x' : '     -'}`,
    );
  }
}

function printWaves(loaded: readonly Loaded[]): void {
  for (const wave of allWaves) {
    const results = loaded.filter((l) => l.wave === wave.wave).map((l) => l.result);
    const seconds = waveSeconds.get(wave.wave) ?? 0;
    const rows = results.reduce((s, r) => s + r.extracted, 0);
    console.log(
      `  ${wave.wave.padEnd(26)} ${String(rows).padStart(8)} records ${seconds.toFixed(2).padStart(6)} s (aim < ${WAVE_AIM_S} s: ${seconds < WAVE_AIM_S ? 'met' : 'MISSED'})`,
    );
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}

// RSS never shrinks after seeding in this process; the JS heap does, so it shows the load's own
// growth. The heap right after each full (mark-compact) collection is what the load keeps
// alive: the peak heap also counts garbage V8 had not yet collected.
function peakRss(): {
  max(): number;
  heap(): number;
  live(): number;
  stop(): void;
} {
  let peak = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  let live = 0;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    heap = Math.max(heap, now.heapUsed);
  }, 20);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        live = Math.max(live, process.memoryUsage().heapUsed);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    max: () => peak,
    heap: () => heap,
    live: () => live,
    stop: () => {
      clearInterval(sampler);
      observer.disconnect();
    },
  };
}
