import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { markFileEnded, TURNS_ENV, waitForTurn, writeTurnPlan } from './suite-turns.ts';

// The file of turns on its own, as runSuites' main process and its workers write it: the
// waits that must end, and the ones that must fail at once instead of hanging.

let dir: string;
let path: string;
let n = 0;
const previous = process.env[TURNS_ENV];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-turns-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  if (previous === undefined) delete process.env[TURNS_ENV];
  else process.env[TURNS_ENV] = previous;
});

function plan(): string {
  path = join(dir, `turns-${n++}`);
  process.env[TURNS_ENV] = path;
  writeTurnPlan(path, {
    checks: ['/s/a.test.ts', '/s/b.test.ts'],
    rollbacks: ['/s/r1.test.ts', '/s/r2.test.ts'],
  });
  return path;
}

const started = (pid: number, file: string) => appendFile(path, `start ${pid} ${file}\n`);

/** A process that stays alive until killed, and its pid. */
function otherWorker(): { pid: number; stop: () => void } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

describe('waitForTurn', () => {
  it('lets a check file, or any file outside a runSuites run, go at once', async () => {
    plan();
    await expect(waitForTurn('/s/a.test.ts')).resolves.toBeUndefined();
    delete process.env[TURNS_ENV];
    await expect(waitForTurn('/s/r1.test.ts')).resolves.toBeUndefined();
  });

  it('holds a rehearsal until every check file and every earlier rehearsal has ended', async () => {
    plan();
    const worker = otherWorker();
    try {
      await started(worker.pid, '/s/a.test.ts');
      await started(worker.pid, '/s/b.test.ts');
      markFileEnded(path, '/s/a.test.ts');
      let r2 = false;
      const second = waitForTurn('/s/r2.test.ts').then(() => (r2 = true));
      const first = waitForTurn('/s/r1.test.ts');
      await new Promise((r) => setTimeout(r, 150));
      expect(r2).toBe(false);
      markFileEnded(path, '/s/b.test.ts');
      await first;
      await new Promise((r) => setTimeout(r, 100));
      expect(r2).toBe(false);
      markFileEnded(path, '/s/r1.test.ts');
      await second;
    } finally {
      worker.stop();
    }
  });

  it('fails at once when a file before it can no longer end: its worker gone, moved on, or this one', async () => {
    plan();
    const gone = otherWorker();
    gone.stop();
    await new Promise((r) => setTimeout(r, 200));
    await started(gone.pid, '/s/a.test.ts');
    await expect(waitForTurn('/s/r1.test.ts')).rejects.toThrow(
      `/s/a.test.ts stopped without ending (its worker, pid ${gone.pid}, is gone)`,
    );

    plan();
    const moved = otherWorker();
    try {
      await started(moved.pid, '/s/a.test.ts');
      await started(moved.pid, '/s/b.test.ts');
      await expect(waitForTurn('/s/r1.test.ts')).rejects.toThrow(
        `/s/a.test.ts stopped without ending (its worker, pid ${moved.pid}, went on to another file)`,
      );
    } finally {
      moved.stop();
    }

    plan();
    await started(process.pid, '/s/b.test.ts');
    await expect(waitForTurn('/s/r1.test.ts')).rejects.toThrow(
      /\/s\/b\.test\.ts stopped without ending/,
    );
  });

  it('goes on when the last file ends and its worker then exits', async () => {
    plan();
    const worker = otherWorker();
    await started(worker.pid, '/s/a.test.ts');
    await started(worker.pid, '/s/b.test.ts');
    markFileEnded(path, '/s/a.test.ts');
    const waiting = waitForTurn('/s/r1.test.ts');
    await new Promise((r) => setTimeout(r, 60));
    markFileEnded(path, '/s/b.test.ts');
    worker.stop();
    await expect(waiting).resolves.toBeUndefined();
  });
});
