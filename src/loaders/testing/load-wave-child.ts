/**
 * A wave load in its own process, for the kill -9 test (../killed-load.test.ts): reads its
 * job from CUTOVER_LOAD_CHILD (JSON; the URLs hold passwords, so not on the command line)
 * and prints every progress call as one JSON line, so the parent sees rows moving.
 */
import { dialectForUrl } from '../../dialects/index.ts';
import { allWaves, loadWave } from '../index.ts';

export interface LoadChildJob {
  legacyUrl: string;
  targetUrl: string;
  estateDir: string;
  wave: string;
  runId: string;
  asOf: string;
  batchSize: number;
}

const job = JSON.parse(process.env['CUTOVER_LOAD_CHILD'] ?? '{}') as LoadChildJob;
const wave = allWaves.find((w) => w.wave === job.wave);
if (wave === undefined) throw new Error(`no wave '${job.wave}'`);
await using legacy = await dialectForUrl(job.legacyUrl).connect(job.legacyUrl, { readOnly: true });
await using target = await dialectForUrl(job.targetUrl).connect(job.targetUrl);
await loadWave({
  wave,
  legacy,
  target,
  estateDir: job.estateDir,
  runId: job.runId,
  asOf: job.asOf,
  batchSize: job.batchSize,
  progressIntervalMs: 0,
  onProgress: (p) =>
    process.stdout.write(`${JSON.stringify({ entity: p.entity, done: p.done })}\n`),
});
process.stdout.write('{"finished":true}\n');
