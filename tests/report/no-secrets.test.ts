import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLegacy } from '../../generators/seed-legacy.ts';
import type { Evidence } from '../../src/core/evidence.ts';
import { mysqlDialect } from '../../src/dialects/mysql/mysql-dialect.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { runCli, type CliRun } from '../e2e/run-cli.ts';
import { scratchDatabases, type ScratchDatabases } from '../support/scratch.ts';
import { parseXml } from '../../src/report/fixtures/parse-xml.ts';
import { junitSchemaViolations } from './junit-schema.ts';
import { scanForSecrets } from './scan-for-secrets.ts';

const AS_OF = '2026-06-30T18:00:00Z';
let dir: string;
let scratch: ScratchDatabases;
let secrets: string[];
let run: CliRun;
const out = () => join(dir, 'pack');
// The legacy files (accounting exports, farm app): a URL legacy database does not bring them.
const estate = () => join(dir, 'estate');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-secrets-'));
  scratch = await scratchDatabases('no-secrets');
  secrets = [scratch.legacyUrl, scratch.targetUrl].map((u) =>
    decodeURIComponent(new URL(u).password),
  );
  {
    await using legacy = await mysqlDialect.connect(scratch.legacyUrl);
    await seedLegacy(legacy, { profile: 'ci', seed: 1, asOf: AS_OF, estateDir: estate() });
  }
  // Both databases by URL: the passwords are ours, so we know what to look for.
  run = await runCli(
    [
      'reconcile',
      '--profile',
      'ci',
      '--seed',
      '1',
      '--as-of',
      AS_OF,
      '--out',
      out(),
      '--estate',
      estate(),
    ],
    {
      LEGACY_DATABASE_URL: scratch.legacyUrl,
      TARGET_DATABASE_URL: scratch.targetUrl,
    },
  );
}, 600_000);

afterAll(async () => {
  await scratch?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('no secrets in any artefact of a run', () => {
  it('ran against the URL databases with real passwords', async () => {
    expect(
      secrets.every((s) => s.length >= 8),
      'passwords long enough to be unique',
    ).toBe(true);
    const evidence = JSON.parse(await readFile(join(out(), 'evidence.json'), 'utf8')) as Evidence;
    expect(evidence.run.databases.map((d) => d.strategy)).toEqual(['url', 'url']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('no file of the pack, nor the console, holds a database password', async () => {
    expect(await scanForSecrets(out(), secrets)).toEqual([]);
    for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('the scan finds a password planted in the evidence, in every format', async () => {
    const evidence = JSON.parse(await readFile(join(out(), 'evidence.json'), 'utf8')) as Evidence;
    const check = evidence.checks[0]!;
    check.title = `${check.title} (connected with ${secrets[0]})`;
    const planted = join(dir, 'planted');
    await writeReports(evidence, planted);
    const found = await scanForSecrets(planted, [secrets[0]!]);
    const files = new Set(found.map((f) => f.file));
    expect([...files].sort()).toEqual([
      'evidence.json',
      'junit.xml',
      'reconciliation.html',
      'reconciliation.pdf',
      'reconciliation.xlsx',
    ]);
    expect(found).toContainEqual({ file: 'reconciliation.pdf', where: 'attachment evidence.json' });
    expect(found).toContainEqual({ file: 'reconciliation.pdf', where: 'page text' });
    expect(found.some((f) => f.file === 'reconciliation.xlsx' && f.where.startsWith('sheet'))).toBe(
      true,
    );
  }, 60_000);
});

describe('the real run pack', () => {
  it('has a junit.xml valid against the JUnit schema, one case per check', async () => {
    const root = parseXml(await readFile(join(out(), 'junit.xml'), 'utf8'));
    expect(junitSchemaViolations(root)).toEqual([]);
    const evidence = JSON.parse(await readFile(join(out(), 'evidence.json'), 'utf8')) as Evidence;
    const cases = root.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    expect(cases).toHaveLength(evidence.checks.length);
  });

  it('verifies: printed digest = embedded evidence = evidence.json', async () => {
    const result = await runCli(['verify', out()]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
