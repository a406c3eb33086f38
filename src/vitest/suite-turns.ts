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
 * that has not started after this long never will. Above vitest's own 90 s for starting a
 * worker.
 */
const START_LIMIT_MS = 120_000;
/** A rehearsal waits at most this long, whatever it waits for. */
const WAIT_LIMIT_MS = 4 * 60 * 60 * 1000;

/**
 * Worker: returns once every file the plan puts before `file` has ended; at once for a check
 * file, or when no runSuites run set a file of turns (a rehearsal run on its own). Throws
 * when one of those files can no longer end (its worker is gone, has moved on to another
 * file, or is this one; or it never started), and after WAIT_LIMIT_MS: the rehearsal then
 * does not run, rather than wait for ever.
 */
export async function waitForTurn(file: string): Promise<void> {
  const path = process.env[TURNS_ENV];
  if (!path) return;
  const since = performance.now();
  for (;;) {
    const turns = await readTurns(path, file);
    if (turns === undefined || turns.waiting.length === 0) return;
    const stuck = turns.waiting
      .map((f) => ({ f, why: cannotEnd(f, turns, performance.now() - since) }))
      .find(({ why }) => why !== undefined);
    if (stuck) {
      // The main process writes a file's end before its worker takes another file or
      // exits: read again before blaming a worker that has just gone.
      const again = await readTurns(path, file);
      if (again === undefined || !again.waiting.includes(stuck.f)) continue;
      throw turnError(file, `${stuck.f} ${stuck.why}`);
    }
    if (performance.now() - since > WAIT_LIMIT_MS)
      throw turnError(
        file,
        `${turns.waiting[0]} has not ended after ${WAIT_LIMIT_MS / 3_600_000} h`,
      );
    await sleep(POLL_MS);
  }
}

interface Turns {
  /** Files before this one that have not ended, in plan order. */
  waiting: string[];
  /** Per started file, its worker's pid; per pid, its files in the order they started. */
  started: Map<string, number>;
  byWorker: Map<number, string[]>;
}

/** undefined when `file` is not a rehearsal of the plan. */
async function readTurns(path: string, file: string): Promise<Turns | undefined> {
  const [first = '{}', ...lines] = (await readFile(path, 'utf8')).split('\n');
  const plan = JSON.parse(first) as Partial<TurnPlan>;
  const rollbacks = plan.rollbacks ?? [];
  const at = rollbacks.indexOf(file);
  if (at < 0) return undefined;
  const started = new Map<string, number>();
  const byWorker = new Map<number, string[]>();
  const ended = new Set<string>();
  for (const line of lines) {
    if (line.startsWith('end ')) ended.add(line.slice(4));
    else if (line.startsWith('start ')) {
      const space = line.indexOf(' ', 6);
      const pid = Number(line.slice(6, space));
      const f = line.slice(space + 1);
      started.set(f, pid);
      byWorker.set(pid, [...(byWorker.get(pid) ?? []), f]);
    }
  }
  const waiting = [...(plan.checks ?? []), ...rollbacks.slice(0, at)].filter((f) => !ended.has(f));
  return { waiting, started, byWorker };
}

/** Why a file that has not ended never will, or undefined while it still may. */
function cannotEnd(f: string, turns: Turns, waitedMs: number): string | undefined {
  const pid = turns.started.get(f);
  if (pid === undefined)
    return waitedMs > START_LIMIT_MS
      ? `did not start within ${START_LIMIT_MS / 1000} s`
      : undefined;
  // A worker runs one file at a time: one that took another file, or is this one, is done
  // with f without its end (its run failed outside any test).
  const files = turns.byWorker.get(pid) ?? [];
  if (pid === process.pid || files[files.length - 1] !== f)
    return `stopped without ending (its worker, pid ${pid}, went on to another file)`;
  return isAlive(pid) ? undefined : `stopped without ending (its worker, pid ${pid}, is gone)`;
}

function turnError(file: string, why: string): CutoverError {
  return new CutoverError(
    ErrorCodes.SUITE_FAILED_TO_RUN,
    `${why}: the rollback rehearsal in ${file} does not run before it ends; see that file's error`,
  );
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
