import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../core/check-result.ts';
import { CutoverError, ErrorCodes, describeCause } from '../core/errors.ts';
import { EvidenceReporter } from '../vitest/evidence-reporter.ts';
import { PathSequencer } from '../vitest/path-sequencer.ts';
import { CONTEXT_ENV } from '../vitest/run-context.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Suite files that roll waves back (suites/zz-rollback): they run after every other file. */
const ROLLBACK_FILES = '**/*rollback*/**/*.test.ts';
/** One suite file per core at once; a few at most against someone's staging databases. */
const WORKERS = Math.max(1, Math.min(4, availableParallelism()));
/** Suites import the public API by its package names. */
const resolve = {
  alias: [
    { find: /^cutover\/vitest$/, replacement: `${root}src/vitest/index.ts` },
    { find: /^cutover$/, replacement: `${root}src/index.ts` },
  ],
};

export interface RunSuitesOptions {
  /** Folder of the acceptance suites, one sub-folder per wave. */
  suitesDir: string;
  /** Path of the private run-context file. */
  contextPath: string;
  log: (line: string) => void;
}

export interface SuiteRun {
  checks: CheckResult[];
  /** Failures that are not checks (a suite that cannot import): the run cannot pass. */
  problems: string[];
}

/**
 * Runs the acceptance suites in-process through vitest's Node API. Check files run on every
 * core at once (they only read); the rollback rehearsals, which empty the tables, run after
 * all of them, one file at a time in path order.
 */
export async function runSuites(options: RunSuitesOptions): Promise<SuiteRun> {
  const { startVitest } = await import('vitest/node');
  const reporter = new EvidenceReporter(options.log);
  const previous = process.env[CONTEXT_ENV];
  process.env[CONTEXT_ENV] = options.contextPath;
  try {
    // Settings every group shares. Projects do not extend the root config: vitest would let
    // the root's `sequence` override each group's order.
    const shared = {
      root,
      dir: options.suitesDir,
      // A worker keeps its module graph across files: 'cutover' is imported once per worker.
      isolate: false,
      // The rules oracle allocates a few short-lived objects per legacy record: a young
      // generation of 64 MB instead of 16 spends less time collecting them.
      execArgv: ['--max-semi-space-size=64'],
      testTimeout: 30 * 60 * 1000,
      hookTimeout: 120_000,
    };
    const vitest = await startVitest(
      'test',
      [],
      {
        ...shared,
        config: false,
        watch: false,
        run: true,
        reporters: [reporter],
        passWithNoTests: false,
        maxWorkers: WORKERS,
        // The rollback rehearsals empty the tables every other suite reads: they run in a
        // later group, after every check file, one file at a time. The check files only read
        // and spend as much time in Node (the rules oracle, comparing) as in the databases:
        // they share one worker per core.
        projects: [
          {
            resolve,
            test: {
              ...shared,
              name: 'checks',
              include: ['**/*.test.ts'],
              exclude: ['**/node_modules/**', ROLLBACK_FILES],
              maxWorkers: WORKERS,
              sequence: { groupOrder: 0 },
            },
          },
          {
            resolve,
            test: {
              ...shared,
              name: 'rollback',
              include: [ROLLBACK_FILES],
              exclude: ['**/node_modules/**'],
              fileParallelism: false,
              sequence: { groupOrder: 1 },
            },
          },
        ],
      },
      // Root config, not an override of every project's (startVitest's options are): the
      // order of the files, path order inside a group that runs one file at a time.
      { resolve, test: { sequence: { shuffle: false, sequencer: PathSequencer } } },
    );
    await vitest?.close();
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.SUITE_FAILED_TO_RUN,
      `the suites in ${options.suitesDir} could not run: ${describeCause(cause)}`,
      {
        cause,
      },
    );
  } finally {
    if (previous === undefined) delete process.env[CONTEXT_ENV];
    else process.env[CONTEXT_ENV] = previous;
  }
  // vitest sets a failing exit code of its own; the harness decides the exit code.
  process.exitCode = 0;
  return { checks: reporter.checks, problems: reporter.problems };
}
