import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { mysqlDialect } from '../dialects/mysql/mysql-dialect.ts';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.ts';
import { applyTargetSchema } from '../etl/apply-target-schema.ts';
import type { LoadResult } from '../etl/load-result.ts';
import type { Manifest } from '../../generators/core/manifest.ts';
import { seedLegacy } from '../../generators/seed-legacy.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { allWaves, loadWave, reconcileWithManifest } from './index.ts';
import type { LoadChildJob } from './testing/load-wave-child.ts';

const AS_OF = '2026-06-30T18:00:00Z';
const CHILD = fileURLToPath(new URL('./testing/load-wave-child.ts', import.meta.url));
const HISTORY = allWaves.find((w) => w.wave === 'wave-4-history')!;
/** Killed while this entity is half loaded: entities before it are done, after it untouched. */
const VICTIM = 'milk_production';

let scratch: ScratchDatabases;
let legacy: Db;
let target: Db;
let workDir: string;
let manifest: Manifest;
/** Waves 1-3, loaded in this process before the kill. */
const before: LoadResult[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cutover-killed-'));
  scratch = await scratchDatabases('killed-load');
  {
    await using seeder = await mysqlDialect.connect(scratch.legacyUrl);
    ({ manifest } = await seedLegacy(seeder, {
      profile: 'ci',
      seed: 2,
      asOf: AS_OF,
      estateDir: join(workDir, 'estate'),
    }));
  }
  legacy = await mysqlDialect.connect(scratch.legacyUrl, { readOnly: true });
  target = await postgresDialect.connect(scratch.targetUrl);
  await applyTargetSchema(target);
  for (const wave of allWaves.filter((w) => w !== HISTORY))
    before.push(
      ...(await loadWave({
        wave,
        legacy,
        estateDir: join(workDir, 'estate'),
        target,
        runId: 'K',
        asOf: AS_OF,
      })),
    );
});

afterAll(async () => {
  await legacy?.close();
  await target?.close();
  await scratch?.dispose();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('a wave load killed with SIGKILL', () => {
  it('re-run with the same runId ends with exact counts and no duplicates', async () => {
    const killedAt = await killMidLoad({
      legacyUrl: scratch.legacyUrl,
      targetUrl: scratch.targetUrl,
      estateDir: join(workDir, 'estate'),
      wave: HISTORY.wave,
      runId: 'K',
      asOf: AS_OF,
      batchSize: 1000,
    });
    expect(killedAt).toBeGreaterThan(0);
    // It died half-way: the victim's batch never closed, the last entities never started.
    expect(
      await target.rows(
        "SELECT entity, status FROM migration.batch WHERE wave = 'wave-4-history' AND entity IN ($1, 'opening_balances')",
        [VICTIM],
      ),
    ).toEqual([{ entity: VICTIM, status: 'running' }]);
    const partial = Number(
      (await target.rows('SELECT count(*) AS n FROM farm.milk_production'))[0]?.['n'],
    );
    expect(partial).toBeGreaterThan(0);

    const results = await loadWave({
      wave: HISTORY,
      legacy,
      estateDir: join(workDir, 'estate'),
      target,
      runId: 'K',
      asOf: AS_OF,
      batchSize: 1000,
    });
    const victim = results.find((r) => r.entity === VICTIM)!;
    expect(victim.alreadyLoaded).toBe(partial);
    const tables = reconcileWithManifest(
      [...before, ...results],
      manifest.expected,
      allWaves,
    ).filter((t) => t.loadedBy.length > 0);
    expect(
      tables
        .filter((t) => !t.matches)
        .map((t) => ({ entity: t.entity, expected: t.expected, actual: t.actual })),
    ).toEqual([]);
    expect(tables.map((t) => t.entity)).toContain('milk_production');
    // Exactly one target row per migrated record, and one bookkeeping row per legacy record.
    for (const table of [
      'farm.milk_production',
      'sales.order',
      'accounting.move',
      'accounting.move_line',
    ]) {
      expect(
        await target.rows(
          `SELECT count(*) - count(DISTINCT (x_source_system, x_legacy_id)) AS extra FROM ${table}`,
        ),
      ).toEqual([{ extra: '0' }]);
    }
    const milk = manifest.expected['milk_production']!;
    expect(await target.rows('SELECT count(*) AS n FROM farm.milk_production')).toEqual([
      { n: String(milk.loaded) },
    ]);
    expect(
      await target.rows(
        `SELECT (SELECT count(*) FROM migration.quarantine WHERE entity = $1) AS q,
                (SELECT count(*) FROM migration.out_of_scope WHERE entity = $1) AS o`,
        [VICTIM],
      ),
    ).toEqual([{ q: String(milk.quarantined), o: String(milk.outOfScope) }]);
    expect(
      await target.rows("SELECT count(*) AS n FROM migration.batch WHERE status <> 'done'"),
    ).toEqual([{ n: '0' }]);
  });
});

/**
 * Starts the load in a child process and kills it with SIGKILL (no handler runs, no
 * connection is closed politely) once its progress shows the victim's rows moving.
 * Resolves with the victim's progress count at the kill.
 */
function killMidLoad(job: LoadChildJob): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, CUTOVER_LOAD_CHILD: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let killedAt = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const progress = JSON.parse(line) as { entity?: string; done?: number; finished?: boolean };
      if (killedAt === 0 && progress.entity === VICTIM && (progress.done ?? 0) >= 2000) {
        killedAt = progress.done ?? 0;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killedAt > 0) resolve(killedAt);
      else
        reject(
          new Error(
            `the load ended before it could be killed (exit ${code}, ${signal}): ${stderr}`,
          ),
        );
    });
  });
}
