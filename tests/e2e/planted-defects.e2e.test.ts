import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check-result.ts';
import { plantedDefects, type PlantedDefect } from '../../src/defects/index.ts';
import { bundledSpecs } from '../../src/loaders/index.ts';
import { reconcileRun } from './reconcile-run.ts';

// The proof that each criterion is really checked: after a clean load, one defect at a
// time; exactly the checks it names fail (every other check keeps passing or stays an
// accepted exception), and the failing record-level checks name the planted key.
// Each defect gets its own run (own servers, seed 1, ~6 s); runs go two at a time.

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

describe.concurrent('cutover reconcile with a planted defect', () => {
  for (const defect of plantedDefects) {
    const test = plantable(defect) ? it : it.skip;
    test(`${defect.name}: fails exactly ${defect.mustFail.join(', ')} and names the key`, async () => {
      const { run, evidence } = await limit(() =>
        reconcileRun(dir, defect.name, ['--plant', defect.name, '--no-pdf']),
      );
      const planted = run.stdout.match(
        new RegExp(`planted defect ${defect.name} .* on key (\\S+)`),
      )?.[1];
      expect(planted, run.stdout + run.stderr).toBeDefined();
      const keys = planted!.split(',');
      const gating = (c: CheckResult) => c.status === 'fail' || c.status === 'error';
      const failing = evidence.checks.filter(gating);
      expect(failing.map((c) => c.id).sort()).toEqual([...defect.mustFail].sort());
      for (const check of failing.filter((c) => RECORD_LEVEL.has(c.kind))) {
        const named = check.failures.map((f) => f.key);
        for (const key of keys) expect(named, `${check.id} names ${key}`).toContain(key);
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
      expect(evidence.run.planted).toEqual([defect.name]);
    }, 300_000);
  }
});

describe('the saboteur', () => {
  it('has at least 20 defect kinds, each with a unique name and at least one check to fail', () => {
    expect(plantedDefects.length).toBeGreaterThanOrEqual(20);
    expect(new Set(plantedDefects.map((d) => d.name)).size).toBe(plantedDefects.length);
    for (const d of plantedDefects) expect(d.mustFail.length, d.name).toBeGreaterThan(0);
  });
});
