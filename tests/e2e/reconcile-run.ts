import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evidence } from '../../src/core/evidence.ts';
import { runCli, type CliRun } from './run-cli.ts';

export const AS_OF = '2026-06-30T18:00:00Z';

export interface ReconcileRun {
  run: CliRun;
  evidence: Evidence;
  out: string;
}

/** One real `cutover reconcile` in a child process, with its evidence read back. */
export async function reconcileRun(
  dir: string,
  name: string,
  extra: string[] = [],
  seed = 1,
): Promise<ReconcileRun> {
  const out = join(dir, name);
  const run = await runCli([
    'reconcile',
    '--profile',
    'ci',
    '--seed',
    String(seed),
    '--as-of',
    AS_OF,
    '--out',
    out,
    ...extra,
  ]);
  let evidence: Evidence;
  try {
    evidence = JSON.parse(await readFile(join(out, 'evidence.json'), 'utf8')) as Evidence;
  } catch (cause) {
    throw new Error(`no evidence.json; exit ${run.code}\n${run.stdout}\n${run.stderr}`, { cause });
  }
  return { run, evidence, out };
}
