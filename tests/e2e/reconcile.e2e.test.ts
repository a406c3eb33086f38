import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/core/evidence.ts';
import { plantedDefects } from '../../src/defects/index.ts';
import { runCli, type CliRun } from './run-cli.ts';

const AS_OF = '2026-06-30T18:00:00Z';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reconcile(name: string, extra: string[] = []): Promise<{ run: CliRun; evidence: Evidence; out: string }> {
  const out = join(dir, name);
  const run = await runCli(['reconcile', '--profile', 'ci', '--seed', '1', '--as-of', AS_OF, '--out', out, ...extra]);
  let evidence: Evidence;
  try {
    evidence = JSON.parse(await readFile(join(out, 'evidence.json'), 'utf8')) as Evidence;
  } catch (cause) {
    throw new Error(`no evidence.json; exit ${run.code}\n${run.stdout}\n${run.stderr}`, { cause });
  }
  return { run, evidence, out };
}

describe('cutover reconcile, clean run', () => {
  let result: Awaited<ReturnType<typeof reconcile>>;
  beforeAll(async () => {
    result = await reconcile('clean');
  }, 300_000);

  it('exits 0 with every check passing', () => {
    const notPassing = result.evidence.checks.filter((c) => c.status !== 'pass');
    expect(notPassing.map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    expect(result.evidence.checks.length).toBeGreaterThanOrEqual(7);
    expect(result.run.code).toBe(0);
    expect(result.evidence.verdict).toBe('pass');
  });

  it('ends with the report paths and the verdict', () => {
    expect(result.run.stdout).toMatch(/reconciliation\.pdf/);
    expect(result.run.stdout.trim().split('\n').at(-1)).toMatch(/^verdict: PASS/);
  });

  it('records the manifest CI scripts read', () => {
    const { run } = result.evidence;
    expect(run.asOf).toBe('2026-06-30T18:00:00.000Z');
    expect(run.profile).toBe('ci');
    expect(run.seed).toBe(1);
    expect(run.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.databases.map((d) => d.role).sort()).toEqual(['legacy', 'target']);
    for (const db of run.databases) {
      expect(db.serverVersion).not.toBe('');
      expect(db.location).toMatch(/^[a-z]+:\/\/cutover:\*\*\*@/); // password masked
    }
    const load = result.evidence.loads.find((l) => l.entity === 'customers');
    expect(load).toBeDefined();
    expect(load!.loaded + load!.quarantined + load!.outOfScope).toBe(load!.extracted);
    expect(load!.quarantined).toBeGreaterThan(0);
  });

  it('writes a PDF whose text carries the verdict and the digest, and whose first page renders', async () => {
    const pdf = join(result.out, 'reconciliation.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const digest = result.run.stdout.match(/evidence sha256: ([0-9a-f]{64})/)?.[1];
    expect(digest).toBeDefined();
    expect(text).toContain('PASS');
    expect(text.replace(/\s+/g, '')).toContain(digest!);
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', pdf, join(result.out, 'page')]);
    const png = await stat(join(result.out, 'page-1.png'));
    expect(png.size).toBeGreaterThan(5_000);
  });
});

describe('cutover reconcile with a planted defect', () => {
  for (const defect of plantedDefects) {
    it(`${defect.name}: fails exactly ${defect.mustFail.join(', ')} and names the key`, async () => {
      const { run, evidence } = await reconcile(defect.name, ['--plant', defect.name, '--no-pdf']);
      const key = run.stdout.match(new RegExp(`planted defect ${defect.name} .* on key (\\S+)`))?.[1];
      expect(key, run.stdout + run.stderr).toBeDefined();
      const failing = evidence.checks.filter((c) => c.status === 'fail' || c.status === 'error');
      expect(failing.map((c) => c.id).sort()).toEqual([...defect.mustFail].sort());
      const checksum = failing.find((c) => c.kind === 'record-checksum');
      if (checksum) expect(checksum.failures.map((f) => f.key)).toContain(key);
      expect(run.code).toBe(1);
      expect(evidence.verdict).toBe('fail');
      expect(evidence.run.planted).toEqual([defect.name]);
    }, 300_000);
  }
});
