import { access, constants, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as VitestNode from 'vitest/node';
import type { Reporter, TestModule, TestSpecification } from 'vitest/node';
import type { CheckResult } from '../core/check-result.ts';
import { CutoverError, ErrorCodes, describeCause } from '../core/errors.ts';
import { EvidenceReporter } from '../vitest/evidence-reporter.ts';
import { CONTEXT_ENV } from '../vitest/run-context.ts';
import { markFileEnded, TURNS_ENV, writeTurnPlan, type TurnPlan } from '../vitest/suite-turns.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Makes each rollback rehearsal wait for its turn (suite-turns.ts). */
const TURN_SETUP = fileURLToPath(new URL('../vitest/turn-setup.ts', import.meta.url));
/** One suite file per core at once; a few at most against someone's staging databases. */
const WORKERS = Math.max(1, Math.min(4, availableParallelism()));
/** Suites import the public API by its package names. */
const resolve = {
  alias: [
    { find: /^cutover\/vitest$/, replacement: `${root}src/vitest/index.ts` },
    { find: /^cutover$/, replacement: `${root}src/index.ts` },
  ],
};

let runner: Promise<typeof VitestNode> | undefined;

/**
 * Starts importing vitest's Node API, about 0.6 s of a core, so that runSuites does not wait
 * for it: reconcile calls it before the databases start and the estate loads, work that
 * leaves the main process waiting. A failed import is reported by runSuites.
 */
export function preloadSuiteRunner(): Promise<typeof VitestNode> {
  if (runner === undefined) {
    runner = import('vitest/node');
    runner.catch(() => undefined);
  }
  return runner;
}

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
  /** Wall time of vitest's start, of the check files, and of the rollback rehearsals. */
  phasesMs: { start: number; checks: number; rollbacks: number };
}

/**
 * Runs the acceptance suites in-process through vitest's Node API, in one run: the check
 * files on every core at once (they only read), then the rollback rehearsals, which empty
 * the tables, one file at a time in path order. The rehearsals are queued last and each
 * waits for its turn (suite-turns.ts), so the worker that ends the last check files takes
 * them with its modules loaded. A second run for them cost a fresh worker, 0.4 s between
 * the two; a second project ordered by `sequence.groupOrder` about a second.
 */
export async function runSuites(options: RunSuitesOptions): Promise<SuiteRun> {
  const reporter = new EvidenceReporter(options.log);
  // Where the user runs the harness from, as vitest resolves it too.
  const suitesDir = resolvePath(options.suitesDir);
  const previous = { context: process.env[CONTEXT_ENV], nodeEnv: process.env['NODE_ENV'] };
  process.env[CONTEXT_ENV] = options.contextPath;
  // What vitest's own start-up sets; without it Vite sets 'development', workers inherit it.
  process.env['NODE_ENV'] ??= 'test';
  const started = performance.now();
  const turns = new TurnsReporter(`${options.contextPath}.turns`);
  const previousTurns = process.env[TURNS_ENV];
  process.env[TURNS_ENV] = turns.path;
  let running = started;
  try {
    const { BaseSequencer, createVitest } = await preloadSuiteRunner();
    const rollback = (spec: TestSpecification) => isRollbackFile(suitesDir, spec.moduleId);
    const checkFiles = (specs: readonly TestSpecification[]) => specs.filter((s) => !rollback(s));
    // The order the rehearsals run in, and the plan of turns holds.
    const rehearsals = (specs: readonly TestSpecification[]) =>
      specs.filter(rollback).sort((a, b) => byPath(a.moduleId, b.moduleId));
    // Vitest's order (longest first) for the check files, then the rehearsals by path.
    class RehearsalsLast extends BaseSequencer {
      override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
        const sorted = await super.sort(files);
        return [...checkFiles(sorted), ...rehearsals(sorted)];
      }
    }
    const vitest = await createVitest(
      'test',
      {
        root,
        dir: suitesDir,
        config: false,
        watch: false,
        reporters: [reporter, turns],
        // The turns rest on these: a worker per process (its pid tells a crash), and the
        // set-up file's wait before the suite's own hooks.
        pool: 'forks',
        sequence: { sequencer: RehearsalsLast, hooks: 'stack' },
        setupFiles: [TURN_SETUP],
        include: ['**/*.test.ts'],
        exclude: ['**/node_modules/**'],
        // A worker keeps its module graph across files: 'cutover' is imported once per worker.
        isolate: false,
        // Transformed modules kept on disk between runs (keyed by their content, dropped when
        // the lockfile changes): transforming them again took 1-1.2 s of a core in the main
        // process while the suites ran, each run. In the harness's own node_modules (vitest's
        // default), never a shared folder another user could write; off where that is
        // read-only.
        experimental: { fsModuleCache: await canWrite(join(root, 'node_modules')) },
        // The rules oracle allocates a few short-lived objects per legacy record: a young
        // generation of 64 MB instead of 16 spends less time collecting them.
        execArgv: ['--max-semi-space-size=64'],
        maxWorkers: WORKERS,
        testTimeout: 30 * 60 * 1000,
        hookTimeout: 120_000,
      },
      { resolve },
    );
    try {
      const files = await vitest.globTestSpecifications();
      if (files.length === 0) {
        throw new CutoverError(
          ErrorCodes.SUITE_FAILED_TO_RUN,
          `no suite files (*.test.ts) under ${options.suitesDir}: give --suites the folder of the acceptance suites`,
        );
      }
      // Vitest orders the check files longest first by the last run's durations, else by
      // size, which only its own start() would gather: no long file starts last.
      await vitest.cache.stats.populateStats(vitest.config.root, files);
      const moduleIds = (specs: readonly TestSpecification[]) => specs.map((s) => s.moduleId);
      turns.plan({ checks: moduleIds(checkFiles(files)), rollbacks: moduleIds(rehearsals(files)) });
      running = performance.now();
      await vitest.runTestSpecifications(files);
    } finally {
      await vitest.close();
    }
  } catch (cause) {
    if (cause instanceof CutoverError) throw cause;
    throw new CutoverError(
      ErrorCodes.SUITE_FAILED_TO_RUN,
      `the suites in ${options.suitesDir} could not run: ${describeCause(cause)}`,
      {
        cause,
      },
    );
  } finally {
    restoreEnv(CONTEXT_ENV, previous.context);
    restoreEnv('NODE_ENV', previous.nodeEnv);
    restoreEnv(TURNS_ENV, previousTurns);
    await rm(turns.path, { force: true });
  }
  // vitest sets a failing exit code of its own; the harness decides the exit code.
  process.exitCode = 0;
  // A check file that never ended (its worker died): the rehearsals' phase begins with them.
  const checksEnded = turns.checksEndedAt ?? turns.rollbacksStartedAt ?? running;
  const phasesMs = {
    start: Math.round(running - started),
    checks: Math.round(checksEnded - running),
    rollbacks: Math.round(Math.max(checksEnded, turns.lastEndedAt ?? checksEnded) - checksEnded),
  };
  return { checks: reporter.checks, problems: reporter.problems, phasesMs };
}

/**
 * Writes the file of turns (suite-turns.ts) as suite files end, and notes when the last
 * check file ended: the rehearsals' phase begins there.
 */
class TurnsReporter implements Reporter {
  checksEndedAt: number | undefined;
  rollbacksStartedAt: number | undefined;
  lastEndedAt: number | undefined;
  private pending = new Set<string>();
  private rollbacks = new Set<string>();

  constructor(readonly path: string) {}

  plan(plan: TurnPlan): void {
    this.pending = new Set(plan.checks);
    this.rollbacks = new Set(plan.rollbacks);
    writeTurnPlan(this.path, plan);
  }

  onTestModuleStart(module: TestModule): void {
    if (this.rollbacks.has(module.moduleId)) this.rollbacksStartedAt ??= performance.now();
  }

  onTestModuleEnd(module: TestModule): void {
    markFileEnded(this.path, module.moduleId);
    this.lastEndedAt = performance.now();
    if (this.pending.delete(module.moduleId) && this.pending.size === 0)
      this.checksEndedAt = this.lastEndedAt;
  }
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Suite files under a folder whose name holds 'rollback' (suites/zz-rollback) roll waves back. */
function isRollbackFile(suitesDir: string, moduleId: string): boolean {
  const folders = relative(suitesDir, moduleId).split(sep).slice(0, -1);
  return folders.some((folder) => folder.includes('rollback'));
}

async function canWrite(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
