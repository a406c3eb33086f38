import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../core/check-result.ts';
import { CutoverError, ErrorCodes, describeCause } from '../core/errors.ts';
import { EvidenceReporter } from '../vitest/evidence-reporter.ts';
import { PathSequencer } from '../vitest/path-sequencer.ts';
import { CONTEXT_ENV } from '../vitest/run-context.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

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
 * Runs the acceptance suites in-process through vitest's Node API. Files run one after the
 * other in path order: a wave's rollback rehearsal empties tables the next file may read.
 */
export async function runSuites(options: RunSuitesOptions): Promise<SuiteRun> {
  const { startVitest } = await import('vitest/node');
  const reporter = new EvidenceReporter(options.log);
  const previous = process.env[CONTEXT_ENV];
  process.env[CONTEXT_ENV] = options.contextPath;
  try {
    const vitest = await startVitest(
      'test',
      [],
      {
        root,
        dir: options.suitesDir,
        config: false,
        include: ['**/*.test.ts'],
        watch: false,
        run: true,
        reporters: [reporter],
        fileParallelism: false,
        // One worker keeps its module graph across files: 'cutover' is imported once, not per suite.
        isolate: false,
        // Path order: waves in order, suites/zz-rollback (the rehearsals) last.
        sequence: { shuffle: false, sequencer: PathSequencer },
        testTimeout: 30 * 60 * 1000,
        hookTimeout: 120_000,
        passWithNoTests: false,
      },
      {
        resolve: {
          alias: [
            { find: /^cutover\/vitest$/, replacement: `${root}src/vitest/index.ts` },
            { find: /^cutover$/, replacement: `${root}src/index.ts` },
          ],
        },
      },
    );
    await vitest?.close();
  } catch (cause) {
    throw new CutoverError(ErrorCodes.SUITE_FAILED_TO_RUN, `the suites in ${options.suitesDir} could not run: ${describeCause(cause)}`, {
      cause,
    });
  } finally {
    if (previous === undefined) delete process.env[CONTEXT_ENV];
    else process.env[CONTEXT_ENV] = previous;
  }
  // vitest sets a failing exit code of its own; the harness decides the exit code.
  process.exitCode = 0;
  return { checks: reporter.checks, problems: reporter.problems };
}
