import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuites } from '../../src/cli/run-suites.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-run-suites-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A suite file that logs when it starts and ends (after `ms` of work) to a shared file.
const logging = (log: string, name: string, ms: number) => `
import { appendFileSync } from 'node:fs';
import { it } from 'vitest';
it('${name}', async () => {
  appendFileSync(${JSON.stringify(log)}, 'start ${name} ' + Date.now() + '\\n');
  await new Promise((r) => setTimeout(r, ${ms}));
  appendFileSync(${JSON.stringify(log)}, 'end ${name} ' + Date.now() + '\\n');
});
`;

describe('runSuites', () => {
  it('runs the check files at once, then the rollback files one at a time in path order, and reports a file that cannot import once', async () => {
    // Given relative to where the harness runs, under a folder whose name holds 'rollback'
    // itself: only folders inside the suites folder say what a file is.
    const home = join(dir, 'erp-rollback');
    const suites = join(home, 'suites');
    const log = join(dir, 'order.log');
    for (const [file, name, ms] of [
      ['wave-1/a.test.ts', 'a', 2500],
      ['wave-2/b.test.ts', 'b', 100],
      ['wave-3/c.test.ts', 'c', 200],
      ['zz-rollback/2-second.test.ts', 'r2', 50],
      ['zz-rollback/1-first.test.ts', 'r1', 150],
    ] as const) {
      await mkdir(join(suites, file, '..'), { recursive: true });
      await writeFile(join(suites, file), logging(log, name, ms));
    }
    await writeFile(
      join(suites, 'wave-3', 'broken.test.ts'),
      "throw new Error('no such table');\n",
    );
    const cwd = process.cwd();
    process.chdir(home);
    const run = await runSuites({
      suitesDir: 'suites',
      contextPath: join(dir, 'none.json'),
      log: () => {},
    }).finally(() => process.chdir(cwd));
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]).toMatch(/broken\.test\.ts: no such table/);
    const events = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([what, name, at]) => ({ what, name, at: Number(at) }));
    const at = (what: string, name: string) =>
      events.find((e) => e.what === what && e.name === name)?.at ?? NaN;
    const lastCheckEnd = Math.max(at('end', 'a'), at('end', 'b'), at('end', 'c'));
    // Check files share the workers: a shorter one starts before the longest has ended
    // (2.5 s: a second worker starts well within it, even on a busy machine).
    expect(Math.min(at('start', 'b'), at('start', 'c'))).toBeLessThan(at('end', 'a'));
    expect(at('start', 'r1')).toBeGreaterThanOrEqual(lastCheckEnd);
    expect(at('start', 'r2')).toBeGreaterThanOrEqual(at('end', 'r1'));
    expect(
      events
        .filter((e) => e.what === 'start')
        .map((e) => e.name)
        .slice(-2),
    ).toEqual(['r1', 'r2']);
    // The phases as the bench prints them: the check files hold the 2.5 s one, the
    // rehearsals their 0.2 s.
    expect(run.phasesMs.checks).toBeGreaterThanOrEqual(2500);
    expect(run.phasesMs.rollbacks).toBeGreaterThanOrEqual(200);
    expect(run.phasesMs.rollbacks).toBeLessThan(run.phasesMs.checks);
  });

  // With one core everything runs in one worker, which the dying file takes down with it.
  it.skipIf(availableParallelism() < 2)(
    'a check file whose worker dies: the rehearsal does not run, and the run ends naming both',
    async () => {
      const suites = join(dir, 'crash', 'suites');
      const log = join(dir, 'crash.log');
      await mkdir(join(suites, 'wave-1'), { recursive: true });
      await mkdir(join(suites, 'zz-rollback'), { recursive: true });
      await writeFile(
        join(suites, 'wave-1', 'dies.test.ts'),
        "import { it } from 'vitest';\nit('dies', () => { process.kill(process.pid, 'SIGKILL'); });\n",
      );
      await writeFile(join(suites, 'wave-1', 'slow.test.ts'), logging(log, 'slow', 500));
      await writeFile(join(suites, 'zz-rollback', 'r.test.ts'), logging(log, 'r', 0));
      const run = await runSuites({
        suitesDir: suites,
        contextPath: join(dir, 'crash.json'),
        log: () => {},
      });
      expect(run.problems.join('\n')).toMatch(
        /dies\.test\.ts stopped without ending \(its worker, pid \d+, is gone\)/,
      );
      expect(run.problems.join('\n')).toMatch(/Worker forks emitted error/);
      expect(await readFile(log, 'utf8')).not.toMatch(/start r /);
    },
  );

  it('a folder without suite files is an error that names it', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(
      runSuites({ suitesDir: empty, contextPath: join(dir, 'none.json'), log: () => {} }),
    ).rejects.toMatchObject({
      code: 'CUTOVER_SUITE_FAILED_TO_RUN',
      message: expect.stringContaining(empty),
    });
  });
});
