import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check-result.ts';
import { plantedDefects, type PlantedDefect } from '../../src/defects/index.ts';
import { bundledSpecs } from '../../src/loaders/index.ts';
import { reconcileRun, type ReconcileRun } from './reconcile-run.ts';

// The proof that each criterion is really checked: after a clean load, defects are planted;
// exactly the checks each names fail (every other check keeps passing or stays an accepted
// exception), and the failing record-level checks name the planted key.
// Cost: a run (own servers, seed 1, the whole plan) takes ~20 s. Defects that touch different
// entities and name disjoint checks share a run: every failing check is then still
// attributed to exactly one defect, and no defect can hide another's. Runs go two at a time.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-e2e-defects-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const loadedEntities = new Set(bundledSpecs().map((s) => s.entity));
/**
 * Checks whose failures are records: they must name the planted key. Counts and grouped
 * figures name their entity or groups (months, segments); a rollback names its tables;
 * a success rate names the component when records go unaccounted.
 */
const RECORD_LEVEL = new Set([
  'record-checksum',
  'pushdown-checksum',
  'required-fields',
  'formats',
  'duplicates',
  'orphans',
  'childless',
  'cross-reference',
  'pedigree',
  'balanced-entries',
  'stored-totals',
]);

/** Two runs at a time: each starts its own two servers; more would only fight for two cores. */
const limit = semaphore(2);

function semaphore(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

function plantable(defect: PlantedDefect): boolean {
  return defect.entities.every((e) => loadedEntities.has(e));
}

/** Greedy packing: a defect joins the first run whose defects share no entity and no check with it. */
function packRuns(defects: readonly PlantedDefect[]): PlantedDefect[][] {
  const runs: PlantedDefect[][] = [];
  for (const d of defects) {
    const apart = (o: PlantedDefect) =>
      !o.entities.some((e) => d.entities.includes(e)) &&
      !o.mustFail.some((c) => d.mustFail.includes(c)) &&
      !(o.rollbackTables && d.rollbackTables);
    const run = runs.find((r) => r.every(apart));
    if (run) run.push(d);
    else runs.push([d]);
  }
  return runs;
}

const runs = packRuns(plantedDefects.filter(plantable));
const runOf = new Map(runs.flatMap((run, i) => run.map((d) => [d.name, i] as const)));
const results = new Map<number, Promise<ReconcileRun>>();

function resultOf(i: number): Promise<ReconcileRun> {
  let result = results.get(i);
  if (!result) {
    const plants = (runs[i] ?? []).flatMap((d) => ['--plant', d.name]);
    result = limit(() => reconcileRun(dir, `defects-${i}`, [...plants, '--no-pdf']));
    results.set(i, result);
  }
  return result;
}

describe.concurrent('cutover reconcile with planted defects', () => {
  for (const defect of plantedDefects) {
    const test = plantable(defect) ? it : it.skip;
    test(`${defect.name}: fails exactly ${defect.mustFail.join(', ')} and names the key`, async () => {
      const index = runOf.get(defect.name) ?? -1;
      const together = runs[index] ?? [];
      const { run, evidence } = await resultOf(index);
      const planted = run.stdout.match(
        new RegExp(`planted defect ${defect.name} .* on key (\\S+)`),
      )?.[1];
      expect(planted, run.stdout + run.stderr).toBeDefined();
      const keys = planted!.split(',');
      const gating = (c: CheckResult) => c.status === 'fail' || c.status === 'error';
      // The run fails exactly the union of its defects' checks: nothing unrelated.
      expect(
        evidence.checks
          .filter(gating)
          .map((c) => c.id)
          .sort(),
      ).toEqual(together.flatMap((d) => d.mustFail).sort());
      const failing = evidence.checks.filter((c) => gating(c) && defect.mustFail.includes(c.id));
      expect(failing.map((c) => c.id).sort()).toEqual([...defect.mustFail].sort());
      for (const check of failing.filter((c) => RECORD_LEVEL.has(c.kind))) {
        const named = check.failures.map((f) => f.key);
        // A composite key ('SV/000369:1', a voucher's line) names its parent's key too.
        for (const key of keys) {
          expect(
            named.some((n) => n === key || n.startsWith(`${key}:`)),
            `${check.id} names ${key} in ${named.join(' ')}`,
          ).toBe(true);
        }
      }
      if (defect.rollbackTables) {
        const rollback = failing.find((c) => c.kind === 'rollback-rehearsal');
        expect(rollback?.failures.map((f) => f.key)).toEqual(keys);
      }
      for (const id of defect.mustPass ?? []) {
        expect(evidence.checks.find((c) => c.id === id)?.status, id).toBe('pass');
      }
      expect(run.code).toBe(1);
      expect(evidence.verdict).toBe('fail');
      expect(evidence.run.planted).toEqual(together.map((d) => d.name));
    }, 600_000);
  }
});

describe('the saboteur', () => {
  it('has at least 20 defect kinds, each with a unique name and at least one check to fail', () => {
    expect(plantedDefects.length).toBeGreaterThanOrEqual(20);
    expect(new Set(plantedDefects.map((d) => d.name)).size).toBe(plantedDefects.length);
    for (const d of plantedDefects) expect(d.mustFail.length, d.name).toBeGreaterThan(0);
  });
});
