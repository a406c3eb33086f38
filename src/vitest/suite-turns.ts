import { appendFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CutoverError, ErrorCodes } from '../core/errors.ts';

/**
 * Rollback rehearsals empty the tables the check files read, so they must start only once
 * every check file has ended, and one after another. runSuites runs all suite files in one
 * vitest run (a worker that has finished its check files takes the rehearsal with its
 * modules loaded, instead of a fresh worker after the run) and keeps that order through a
 * file of turns: the plan first, then a line as each suite file starts (from its worker,
 * with the worker's pid) and ends (from the main process). A rehearsal file waits in a
 * beforeAll of its set-up file (turn-setup.ts) until every file before it has ended.
 */
export const TURNS_ENV = 'CUTOVER_TURNS_FILE';

export interface TurnPlan {
  /** Check files: they only read, in any order, on every worker at once. */
  checks: string[];
  /** Rollback files, in the order they must run, each after every file before it. */
  rollbacks: string[];
}

/** Main process: the plan, before the run starts. */
export function writeTurnPlan(path: string, plan: TurnPlan): void {
  writeFileSync(path, `${JSON.stringify(plan)}\n`, { mode: 0o600 });
}

/** Main process: a suite file has ended (passed, failed or broken). */
export function markFileEnded(path: string, file: string): void {
  appendFileSync(path, `end ${file}\n`);
}

/** Worker: a suite file starts in this process (no-op outside a runSuites run). */
export function markFileStarted(file: string): void {
  const path = process.env[TURNS_ENV];
  if (path) appendFileSync(path, `start ${process.pid} ${file}\n`);
}

/** How often a waiting rehearsal reads the file of turns. */
const POLL_MS = 20;
/**
 * Every file before a rehearsal has been handed to a worker when the rehearsal starts; one
 * that has not started after this long never will (its worker died on the way).
 */
const START_LIMIT_MS = 60_000;

/**
 * Worker: returns once every file the plan puts before `file` has ended; at once for a check
 * file, or when no runSuites run set a file of turns (a rehearsal run on its own). Throws
 * when one of those files can no longer end: its worker is gone (a crash), or it never
 * started; the rehearsal then does not run, rather than wait for ever.
 */
export async function waitForTurn(file: string): Promise<void> {
  const path = process.env[TURNS_ENV];
  if (!path) return;
  const since = performance.now();
  for (;;) {
    const [first = '{}', ...lines] = (await readFile(path, 'utf8')).split('\n');
    const plan = JSON.parse(first) as Partial<TurnPlan>;
    const rollbacks = plan.rollbacks ?? [];
    const at = rollbacks.indexOf(file);
    if (at < 0) return;
    const { started, ended } = readTurns(lines);
    const waiting = [...(plan.checks ?? []), ...rollbacks.slice(0, at)].filter(
      (f) => !ended.has(f),
    );
    if (waiting.length === 0) return;
    for (const f of waiting) {
      const pid = started.get(f);
      if (pid === undefined ? performance.now() - since > START_LIMIT_MS : !isAlive(pid))
        throw new CutoverError(
          ErrorCodes.SUITE_FAILED_TO_RUN,
          `${f} ${pid === undefined ? `did not start within ${START_LIMIT_MS / 1000} s` : `stopped without ending (its worker, pid ${pid}, is gone)`}: the rollback rehearsal in ${file} does not run before it ends; see that file's error`,
        );
    }
    await sleep(POLL_MS);
  }
}

function readTurns(lines: readonly string[]): {
  started: Map<string, number>;
  ended: Set<string>;
} {
  const started = new Map<string, number>();
  const ended = new Set<string>();
  for (const line of lines) {
    if (line.startsWith('end ')) ended.add(line.slice(4));
    else if (line.startsWith('start ')) {
      const space = line.indexOf(' ', 6);
      started.set(line.slice(space + 1), Number(line.slice(6, space)));
    }
  }
  return { started, ended };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's (not a worker of this run, but not ours to judge).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
