import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { mysqlDialect } from '../dialects/mysql/mysql-dialect.ts';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.ts';
import { applyTargetSchema } from '../etl/apply-target-schema.ts';
import { legacyRowBatches, openEntitySource } from '../etl/open-entity-source.ts';
import { loadParentLookup } from '../etl/parent-index.ts';
import { compileSpec } from '../rules/compile-spec.ts';
import type { LoadResult } from '../etl/load-result.ts';
import { seedLegacy } from '../../generators/seed-legacy.ts';
import type { Manifest } from '../../generators/core/manifest.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { allWaves, loadWave, reconcileWithManifest, type Counts } from './index.ts';

const AS_OF = '2026-06-30T18:00:00Z';

interface Seeded {
  scratch: ScratchDatabases;
  legacy: Db;
  target: Db;
  estateDir: string;
  manifest: Manifest;
}

const seeded: Seeded[] = [];

async function seedCi(seed: number): Promise<Seeded> {
  const estateDir = join(await mkdtemp(join(tmpdir(), 'cutover-ci-estate-')), 'estate');
  const scratch = await scratchDatabases(`estate-waves-${seed}`);
  let manifest: Manifest;
  {
    await using seeder = await mysqlDialect.connect(scratch.legacyUrl);
    ({ manifest } = await seedLegacy(seeder, { profile: 'ci', seed, asOf: AS_OF, estateDir }));
  }
  const legacy = await mysqlDialect.connect(scratch.legacyUrl, { readOnly: true });
  const target = await postgresDialect.connect(scratch.targetUrl);
  await applyTargetSchema(target);
  const result = { scratch, legacy, target, estateDir, manifest };
  seeded.push(result);
  return result;
}

afterAll(async () => {
  for (const s of seeded) {
    await s.legacy.close();
    await s.target.close();
    await s.scratch.dispose();
    await rm(join(s.estateDir, '..'), { recursive: true, force: true });
  }
});

describe('every wave of the ci profile against the generator manifest', () => {
  // Seed 3 loads entities at once, on their own connections, in small chunks so the long
  // entities write two chunks at a time, committed in any order.
  it.each([
    [1, false],
    [2, false],
    [3, true],
  ])(
    'seed %i (entities and chunks at once: %s): loads, quarantines by reason and puts out of scope by rule exactly what the manifest expects, per legacy table',
    async (seed, concurrent) => {
      const { legacy, target, estateDir, manifest, scratch } = await seedCi(seed);
      const connect = {
        connectTarget: () => postgresDialect.connect(scratch.targetUrl),
        connectLegacy: () => mysqlDialect.connect(scratch.legacyUrl, { readOnly: true }),
        batchSize: 300,
      };
      const results: LoadResult[] = [];
      for (const wave of allWaves)
        results.push(
          ...(await loadWave({
            wave,
            legacy,
            estateDir,
            target,
            runId: `ci-${seed}`,
            asOf: AS_OF,
            ...(concurrent ? connect : {}),
          })),
        );
      const tables = reconcileWithManifest(results, manifest.expected, allWaves);
      const read = tables.filter((t) => t.loadedBy.length > 0);
      // Every legacy table the estate holds is read by some entity of the plan.
      expect(tables.filter((t) => t.loadedBy.length === 0).map((t) => t.entity)).toEqual([]);
      // One line per table, so a failure shows every difference at a glance.
      const line = (c: Counts) =>
        `${c.extracted} = ${c.loaded} loaded + ${c.quarantined} quarantined ${JSON.stringify(sortedKeys(c.quarantinedByReason))} + ${c.outOfScope} out of scope`;
      expect(Object.fromEntries(read.map((t) => [t.entity, line(t.actual)]))).toEqual(
        Object.fromEntries(read.map((t) => [t.entity, line(t.expected)])),
      );
      expect(read.every((t) => t.matches)).toBe(true);
      // Out of scope by rule, exact per table (reconcileWithManifest compares the totals).
      for (const table of read) {
        const want = manifest.expected[table.entity]?.outOfScopeByRule ?? {};
        expect({ [table.entity]: byRule(results, table.loadedBy) }).toEqual({
          [table.entity]: withoutZeros(want),
        });
      }
      const reasons = new Set(read.flatMap((t) => Object.keys(t.actual.quarantinedByReason)));
      expect([...reasons].sort()).toEqual(['DUP001', 'MIG003', 'MIG004', 'ORPH01']);
      // Nothing left half-done: every batch closed, nothing migrated twice.
      expect(
        await target.rows("SELECT count(*) AS n FROM migration.batch WHERE status <> 'done'"),
      ).toEqual([{ n: '0' }]);
      expect(
        await target.rows(
          'SELECT count(*) AS n FROM (SELECT 1 FROM migration.id_map GROUP BY source_system, entity, legacy_id HAVING count(*) > 1) d',
        ),
      ).toEqual([{ n: '0' }]);
    },
  );
});

describe('the columns the rules read (CompiledSpec.readColumns)', () => {
  it('are all the rules need: outcomes from a source of only those equal outcomes from whole records', async () => {
    // After the loads above when they ran (parents resolve to ids), else a fresh estate.
    const { legacy, target, estateDir } = seeded[0] ?? (await seedCi(1));
    let dropped = 0;
    for (const wave of allWaves) {
      for (const { spec } of wave.entities) {
        const outcomes = async (columns?: readonly string[]) => {
          await using source = await openEntitySource(
            spec.source,
            { legacy, estateDir },
            spec.entity,
            columns ? { columns } : {},
          );
          const rules = compileSpec(spec, { sourceColumns: [...source.columns], asOf: AS_OF });
          const parents = await loadParentLookup(target, rules.parentEntities);
          return {
            rules,
            read: source.columns.length,
            outcomes: await rules.evaluateBatches(legacyRowBatches(source), { parents }),
          };
        };
        const whole = await outcomes();
        const projected = await outcomes(whole.rules.readColumns);
        expect(projected.outcomes, spec.entity).toEqual(whole.outcomes);
        dropped += whole.read - projected.read;
      }
    }
    // Not vacuous: the database tables have columns no rule reads.
    expect(dropped).toBeGreaterThan(10);
  });
});

/** Rules of the entities reading one table, without the rules that hand records to another wave. */
function byRule(
  results: readonly LoadResult[],
  entities: readonly string[],
): Record<string, number> {
  const handedOver = new Set(
    allWaves.flatMap((w) =>
      w.entities.flatMap((e) =>
        (e.spec.scope ?? []).filter((r) => 'elsewhere' in r && r.elsewhere).map((r) => r.name),
      ),
    ),
  );
  const sum: Record<string, number> = {};
  for (const r of results.filter((x) => entities.includes(x.entity)))
    for (const [rule, n] of Object.entries(r.outOfScopeByRule))
      if (!handedOver.has(rule)) sum[rule] = (sum[rule] ?? 0) + n;
  return sum;
}

function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

function sortedKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
