import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcile } from '../src/cli/reconcile.ts';
import type { CheckResult } from '../src/core/check-result.ts';

/**
 * Floor per million rows on these machines (../shared/ENVIRONMENT.md, median of 3):
 * streaming into Node with canonical text + MD5 + XOR, MariaDB side 2.06 s and PostgreSQL
 * side 1.81 s; hashing inside both databases at once 1.46 s wall.
 */
const NODE_HASH_FLOOR_S_PER_M = 2.06 + 1.81;
const IN_DB_HASH_FLOOR_S_PER_M = 1.46;
/** Issue #5: the whole catalogue over `doc` in under 10 s. */
const AIM_S = 10;

/**
 * The whole check catalogue over the `doc` profile, as a real run executes it (the suites
 * through vitest, after a clean seed and load): per-check time, the catalogue's total, and
 * for the per-record checksum on the largest table its ratio to the floor.
 */
export async function benchChecks(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'cutover-bench-checks-'));
  try {
    const outcome = await reconcile(
      {
        profile: 'doc',
        seed: 1,
        asOf: '2026-06-30T18:00:00.000Z',
        outDir: out,
        keep: false,
        checkOnly: false,
        plant: [],
        conflictStrategy: 'skip',
        suitesDir: 'suites',
        formats: ['json'],
      },
      () => {},
    );
    const { checks, loads, run } = outcome.evidence;
    const sorted = [...checks].sort((a, b) => b.durationMs - a.durationMs);
    for (const c of sorted)
      console.log(`  ${String(c.durationMs).padStart(6)} ms  ${c.status.padEnd(8)} ${c.id}`);
    const sum = checks.reduce((s, c) => s + c.durationMs, 0) / 1000;
    const wall = run.phases['checks'] ?? 0;
    console.log(
      `catalogue on doc: ${checks.length} checks, ${sum.toFixed(2)} s of checks, ${wall.toFixed(2)} s wall with vitest start-up ` +
        `(aim < ${AIM_S} s: ${wall < AIM_S ? 'met' : 'MISSED'}); verdict ${outcome.evidence.verdict}`,
    );
    const largest = [...loads].sort((a, b) => b.loaded - a.loaded)[0];
    if (!largest) return;
    const rows = largest.loaded;
    const ofEntity = (kind: string): CheckResult | undefined =>
      checks.find((c) => c.entity === largest.entity && c.kind === kind);
    for (const [kind, floorPerM, what] of [
      ['record-checksum', NODE_HASH_FLOOR_S_PER_M, 'Node-side hash of both sides'],
      ['pushdown-checksum', IN_DB_HASH_FLOOR_S_PER_M, 'in-database XOR of MD5, both at once'],
    ] as const) {
      const check = ofEntity(kind);
      if (!check) continue;
      const floor = (rows / 1_000_000) * floorPerM;
      console.log(
        `${kind} on the largest table (${largest.entity}, ${rows} rows): ${check.durationMs} ms; floor ${(floor * 1000).toFixed(0)} ms ` +
          `(${what}); ratio ${(check.durationMs / 1000 / floor).toFixed(2)}x`,
      );
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
