import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/core/evidence.ts';
import { runCli } from '../e2e/run-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exit code 2: the harness could not run', () => {
  it('names the bad setting', async () => {
    const run = await runCli(['reconcile', '--profile', 'huge']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /CUTOVER_CONFIG_INVALID: --profile 'huge' is unknown: choose one of ci, doc, xl/,
    );
  });

  it('refuses --check-only without both URLs and says which variables to set', async () => {
    const run = await runCli(['reconcile', '--check-only'], {
      LEGACY_DATABASE_URL: '',
      TARGET_DATABASE_URL: '',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/LEGACY_DATABASE_URL .* TARGET_DATABASE_URL/);
  });

  it('reports an unreachable database without its password', async () => {
    const secret = 'Sup3rSecretPw';
    const run = await runCli(
      ['reconcile', '--check-only', '--no-pdf', '--out', join(dir, 'unreachable'), '--estate', dir],
      {
        LEGACY_DATABASE_URL: `mysql://qa:${secret}@127.0.0.1:1/legacy`,
        TARGET_DATABASE_URL: `postgres://qa:${secret}@127.0.0.1:1/target`,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CUTOVER_DATABASE_UNREACHABLE/);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('rejects an unknown defect before starting anything', async () => {
    const run = await runCli([
      'reconcile',
      '--profile',
      'ci',
      '--plant',
      'no-such-defect',
      '--no-pdf',
      '--out',
      join(dir, 'bad-defect'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /unknown defect 'no-such-defect' for --plant: choose one of .*drop-row/,
    );
  });
});

describe('--keep, then --check-only against the kept servers', () => {
  it('keeps the migrated state (with its planted defect) for a second look, and the printed command stops it', async () => {
    const kept = await runCli([
      'reconcile',
      '--profile',
      'ci',
      '--keep',
      '--plant',
      'alter-email',
      '--no-pdf',
      '--out',
      join(dir, 'kept'),
    ]);
    const envFile = kept.stdout.match(/full URLs with passwords: (\S+)/)?.[1];
    const stop = kept.stdout.match(/stop with: (.*)/)?.[1];
    expect(envFile, kept.stdout + kept.stderr).toBeDefined();
    expect(stop).toBeDefined();
    expect(kept.code).toBe(1);
    try {
      const env = Object.fromEntries(
        (await readFile(envFile!, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => line.match(/^(\w+)='(.*)'$/)!.slice(1, 3) as [string, string]),
      );
      expect(kept.stdout).not.toContain(new URL(env['TARGET_DATABASE_URL']!).password);
      const out = join(dir, 'check-only');
      const checked = await runCli(['reconcile', '--check-only', '--no-pdf', '--out', out], env);
      const evidence = JSON.parse(await readFile(join(out, 'evidence.json'), 'utf8')) as Evidence;
      expect(evidence.run.mode).toBe('check-only');
      expect(evidence.run.databases.map((d) => d.strategy)).toEqual(['url', 'url']);
      expect(evidence.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([
        'wave-2-master-data/customers/checksum',
      ]);
      expect(
        evidence.checks.find((c) => c.kind === 'rollback-rehearsal' || c.id.endsWith('/rollback'))
          ?.status,
      ).toBe('skipped');
      expect(checked.code).toBe(1);
    } finally {
      await promisify(execFile)('sh', ['-c', stop!], { timeout: 60_000 });
    }
    const pids = [...stop!.matchAll(/kill -[A-Z]+ (\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(); // gone
  }, 600_000);
});
