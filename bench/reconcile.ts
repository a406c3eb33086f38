import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcile } from '../src/cli/reconcile.ts';

/** The main job end to end on `doc`, split by phase (issue #2's figure). */
export async function benchReconcile(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'cutover-bench-reconcile-'));
  try {
    const t0 = performance.now();
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
      },
      () => {},
    );
    const total = (performance.now() - t0) / 1000;
    const phases = Object.entries(outcome.evidence.run.phases)
      .map(([phase, seconds]) => `${phase} ${seconds.toFixed(2)} s`)
      .join(', ');
    console.log(
      `reconcile doc: ${total.toFixed(2)} s in all (${phases}); verdict ${outcome.evidence.verdict}`,
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
