import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDispositions } from '../checks/dispositions.ts';
import { takeSnapshot, type TableSnapshot } from '../checks/table-snapshot.ts';
import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type {
  DatabaseEvidence,
  DispositionEvidence,
  Evidence,
  LoadEvidence,
  RollbackEvidence,
} from '../core/evidence.ts';
import type { StartedDatabase } from '../core/provider.ts';
import { findDefect } from '../defects/index.ts';
import {
  applyTargetSchema,
  RECORD_BOOKKEEPING,
  toLoadEvidence,
  type LoadResult,
} from '../etl/index.ts';
import { bundledWaves, formatProgress, loadWave } from '../loaders/index.ts';
import { provideDatabases } from '../providers/resolve.ts';
import { hashFiles } from '../report/hash-files.ts';
import { deriveVerdict, summarizeCriteria } from '../report/verdict.ts';
import { writeReports, type WrittenReports } from '../report/write-reports.ts';
import { CONTEXT_ENV, writeRunContext, type RunContext } from '../vitest/run-context.ts';
import { seedLegacy } from '../../generators/seed-legacy.ts';
import { gitCommit, harnessVersion, specHash } from './run-manifest.ts';
import type { ReconcileOptions } from './reconcile-options.ts';
import { preloadSuiteRunner, runSuites } from './run-suites.ts';

export interface ReconcileOutcome {
  evidence: Evidence;
  reports: WrittenReports;
  outDir: string;
  /** What to tell a person about servers left running by --keep (masked URLs, stop command). */
  kept: string[];
  exitCode: 0 | 1;
}

/**
 * The main job: databases, seed, load wave by wave, suites, rollback rehearsal (inside the
 * suites), reports. Returns the outcome; the caller maps it to an exit code.
 */
export async function reconcile(
  options: ReconcileOptions,
  log: (line: string) => void,
): Promise<ReconcileOutcome> {
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${options.profile}-s${options.seed}-${randomBytes(2).toString('hex')}`;
  const outDir = options.outDir ?? join('reports', runId);
  const phases: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      phases[phase] = Math.round(performance.now() - t0) / 1000;
    }
  };
  if (options.checkOnly && (!options.legacyUrl || !options.targetUrl)) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      '--check-only needs both databases by URL: set LEGACY_DATABASE_URL (mysql://) and TARGET_DATABASE_URL (postgres://)',
    );
  }
  // A suite (or a misconfigured suite glob picking up the harness's own tests) that starts
  // another reconcile would start servers and suites without end: refuse it at once.
  if (process.env[CONTEXT_ENV] !== undefined) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `reconcile started from inside a suite run (${CONTEXT_ENV} is set): suites must not start the harness; check the suites folder holds only acceptance suites`,
    );
  }
  const needsEstate = bundledWaves.flatMap((w) => w.entities).filter((e) => isEstateFile(e.spec));
  if (options.legacyUrl && !options.estateDir && needsEstate.length > 0) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `the legacy database is given by URL, so its files are not generated: give them with --estate DIR ` +
        `(or CUTOVER_ESTATE_DIR); ${needsEstate.length} entities read files, e.g. ${needsEstate[0]?.spec.entity} from ${needsEstate[0]?.spec.source.file}`,
      { details: { setting: 'estate' } },
    );
  }
  log(
    `cutover reconcile: run ${runId}, profile ${options.profile}, seed ${options.seed}, asOf ${options.asOf}`,
  );

  // Imported while the servers start and the estate loads instead of before the suites.
  void preloadSuiteRunner();
  const workDir = await mkdtemp(join(tmpdir(), 'cutover-'));
  let dbs: { legacy: StartedDatabase; target: StartedDatabase } | undefined;
  try {
    dbs = await timed('start-databases', () =>
      provideDatabases({
        legacy: {
          role: 'legacy',
          dialect: 'mysql',
          database: 'legacy',
          workDir,
          keep: options.keep,
          ...urlOf(options.legacyUrl),
        },
        target: {
          role: 'target',
          dialect: 'postgres',
          database: 'target',
          workDir,
          keep: options.keep,
          ...urlOf(options.targetUrl),
        },
        log,
      }),
    );
    const { legacy, target } = dbs;
    const loads: LoadEvidence[] = [];
    const snapshots: Record<string, TableSnapshot> = {};
    const batches: Record<string, string[]> = {};
    // The legacy files (accounting exports, farm app, register): given, or written by the seeder.
    let estateDir = options.estateDir;

    if (!options.checkOnly) {
      await using legacyDb = await legacy.dialect.connect(legacy.url, { readOnly: !legacy.owned });
      await using targetDb = await target.dialect.connect(target.url);
      if (!legacy.owned) {
        log('legacy database given by URL: used as it is, nothing seeded (it is never written)');
      } else {
        await timed('seed', async () => {
          estateDir ??= join(workDir, 'estate');
          const seeded = await seedLegacy(legacyDb, {
            profile: options.profile,
            seed: options.seed,
            asOf: options.asOf,
            estateDir,
          });
          const rows = { ...seeded.rowsPerTable, ...seeded.rowsPerFileTable };
          log(
            `seeded legacy: ${Object.entries(rows)
              .map(([t, n]) => `${t} ${n}`)
              .join(', ')}`,
          );
        });
      }
      await timed('load', async () => {
        await applyTargetSchema(targetDb);
        for (const wave of bundledWaves) {
          snapshots[wave.wave] = await takeSnapshot(
            targetDb,
            waveTables(wave.entities.map((e) => e.spec.target.table)),
          );
          for (const result of await loadOneWave(
            wave,
            { legacy, target, legacyDb, targetDb, estateDir },
            runId,
            options,
            log,
          )) {
            (batches[result.entity] ??= []).push(result.batchId);
            loads.push(toLoadEvidence(result));
          }
        }
      });
      await plantDefects(targetDb, options.plant, log);
    }

    const context: RunContext = {
      runId,
      asOf: options.asOf,
      mode: options.checkOnly ? 'check-only' : 'rehearsal',
      legacyUrl: legacy.url,
      targetUrl: target.url,
      batches,
      snapshots,
      conflictStrategy: options.conflictStrategy,
      ...(estateDir === undefined ? {} : { estateDir }),
      ...(options.dispositionsPath === undefined
        ? {}
        : { dispositionsPath: options.dispositionsPath }),
      // Rollback defects (src/defects) sabotage the rehearsal inside the suites.
      planted: options.plant,
    };
    const suiteRun = await timed('checks', async () => {
      await using written = await writeRunContext(context);
      log('running the acceptance suites:');
      return await runSuites({ suitesDir: options.suitesDir, contextPath: written.path, log });
    });
    if (options.keep && !options.checkOnly)
      await rollForward(estateDir, legacy, target, runId, options, log);
    const rollbacks = rollbackEvidence(suiteRun.checks, batches);
    phases['rollback'] = rollbacks.reduce((s, r) => s + r.durationMs, 0) / 1000;
    const checks = [...suiteRun.checks, ...problemChecks(suiteRun.problems)];

    const evidence: Evidence = {
      schemaVersion: 1,
      run: {
        runId,
        asOf: options.asOf,
        profile: options.profile,
        seed: options.seed,
        mode: context.mode,
        startedAt: startedAt.toISOString(),
        finishedAt: '',
        harnessVersion: await harnessVersion(),
        gitCommit: await gitCommit(),
        suitesHash: await hashFiles(options.suitesDir, { extensions: ['.ts'] }),
        dispositions: await dispositionsApplied(options),
        specHash: specHash(bundledWaves.flatMap((w) => w.entities.map((e) => e.spec))),
        databases: [databaseEvidence(legacy), databaseEvidence(target)],
        phases,
        planted: options.plant,
      },
      verdict: deriveVerdict(checks),
      criteria: summarizeCriteria(checks),
      checks,
      loads,
      rollbacks,
    };
    const reports = await timed('reports', async () => {
      evidence.run.finishedAt = new Date().toISOString();
      evidence.run.phases = phases;
      return writeReports(evidence, outDir, options.formats ? { formats: options.formats } : {});
    });
    const kept = options.keep ? await keepServers(legacy, target, workDir, estateDir) : [];
    return { evidence, reports, outDir, kept, exitCode: evidence.verdict === 'fail' ? 1 : 0 };
  } finally {
    await Promise.all([dbs?.legacy.dispose(), dbs?.target.dispose()]);
    if (!options.keep) await rm(workDir, { recursive: true, force: true });
  }
}

/** One wave through the bundled loaders, progress on the terminal for long entities. */
async function loadOneWave(
  wave: (typeof bundledWaves)[number],
  {
    legacy,
    target,
    legacyDb,
    targetDb,
    estateDir,
  }: {
    legacy: StartedDatabase;
    target: StartedDatabase;
    legacyDb: Db;
    targetDb: Db;
    estateDir: string | undefined;
  },
  runId: string,
  options: ReconcileOptions,
  log: (line: string) => void,
): Promise<LoadResult[]> {
  const results = await loadWave({
    wave,
    legacy: legacyDb,
    target: targetDb,
    ...(estateDir === undefined ? {} : { estateDir }),
    // Entities that do not depend on each other load at once, each on its own connections
    // (the loaders only read the legacy database, whoever owns it).
    connectTarget: () => target.dialect.connect(target.url),
    connectLegacy: () => legacy.dialect.connect(legacy.url, { readOnly: true }),
    runId,
    asOf: options.asOf,
    conflictStrategy: options.conflictStrategy,
    onProgress: (progress) => log(`  ${formatProgress(progress)}`),
  });
  for (const r of results) {
    log(
      `loaded ${wave.wave}/${r.entity}: ${r.extracted} extracted, ${r.loaded} loaded, ${r.quarantined} quarantined, ${r.outOfScope} out of scope (${r.durationMs} ms)`,
    );
  }
  return results;
}

/**
 * The rollback rehearsal leaves the target at its pre-wave state. A person who kept the
 * servers wants to look at the migrated state (and at any planted defect), so it is loaded
 * again. Loads are idempotent, so waves the rehearsal did not roll back are left as they are.
 */
async function rollForward(
  estateDir: string | undefined,
  legacy: StartedDatabase,
  target: StartedDatabase,
  runId: string,
  options: ReconcileOptions,
  log: (line: string) => void,
): Promise<void> {
  log('--keep: loading the waves again after the rollback rehearsal, for inspection');
  await using legacyDb = await legacy.dialect.connect(legacy.url, { readOnly: !legacy.owned });
  await using targetDb = await target.dialect.connect(target.url);
  // A new run id: the rehearsal marked the first batches rolled back.
  for (const wave of bundledWaves) {
    await loadOneWave(
      wave,
      { legacy, target, legacyDb, targetDb, estateDir },
      `${runId}-restored`,
      options,
      log,
    );
  }
  await plantDefects(targetDb, options.plant, log);
}

/**
 * --keep: the servers outlive the run so a person can look inside. Their URLs carry
 * passwords, so the full URLs go to a private file and only masked ones are printed.
 */
async function keepServers(
  legacy: StartedDatabase,
  target: StartedDatabase,
  workDir: string,
  estateDir: string | undefined,
): Promise<string[]> {
  const envFile = join(workDir, 'connection.env');
  const estate = estateDir === undefined ? '' : `CUTOVER_ESTATE_DIR='${estateDir}'\n`;
  await writeFile(
    envFile,
    `LEGACY_DATABASE_URL='${legacy.url}'\nTARGET_DATABASE_URL='${target.url}'\n${estate}`,
    {
      mode: 0o600,
    },
  );
  const lines = [
    `legacy: ${legacy.safeUrl}`,
    `target: ${target.safeUrl}`,
    `full URLs with passwords: ${envFile} (mode 0600; \`. ${envFile}\` in a shell)`,
  ];
  const stops = [legacy, target].flatMap((d) => (d.stopCommand ? [d.stopCommand] : []));
  if (stops.length > 0) lines.push(`stop with: ${[...stops, `rm -rf ${workDir}`].join(' && ')}`);
  return lines;
}

/** The accepted exceptions a run used, for the manifest: a signed report says what it accepted. */
async function dispositionsApplied(options: ReconcileOptions): Promise<DispositionEvidence[]> {
  const path = options.dispositionsPath ?? join(options.suitesDir, 'dispositions.json');
  if (!options.dispositionsPath && !existsSync(path)) return [];
  return (await loadDispositions(path)).map((d, i) => ({
    id: `${path}#${i + 1}`,
    checkId: d.check,
    keys: [d.key === '*' && d.code ? `* (${d.code})` : d.key],
    reason: d.reason,
    approvedBy: `${d.acceptedBy}, ${d.acceptedAt}`,
  }));
}

/** A source read from the legacy file estate (not the database, not a file the harness ships). */
function isEstateFile(spec: { source: { kind?: string; bundled?: boolean } }): boolean {
  return (spec.source.kind ?? 'mysql') !== 'mysql' && spec.source.bundled !== true;
}

function urlOf(url: string | undefined): { url?: string } {
  return url === undefined ? {} : { url };
}

/** What the snapshot before a wave covers: its tables and the record bookkeeping. */
function waveTables(tables: readonly string[]): string[] {
  return [...new Set(tables), ...RECORD_BOOKKEEPING];
}

async function plantDefects(
  target: Db,
  names: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  for (const name of names) {
    const defect = findDefect(name);
    const key = await defect.apply(target);
    log(`planted defect ${name} (${defect.description}) on key ${key}`);
  }
}

function databaseEvidence(db: StartedDatabase): DatabaseEvidence {
  return {
    role: db.role,
    strategy: db.strategy,
    dialect: db.dialect.name,
    serverVersion: db.serverVersion,
    startupMs: db.startupMs,
    location: db.safeUrl,
  };
}

/** Rollback rehearsal checks become rollback evidence (timing against the limit). */
function rollbackEvidence(
  checks: readonly CheckResult[],
  batches: Record<string, string[]>,
): RollbackEvidence[] {
  return checks
    .filter((c) => c.kind === 'rollback-rehearsal')
    .map((c) => ({
      wave: c.wave ?? '',
      batchIds: c.entity ? (batches[c.entity] ?? []) : [],
      durationMs: Number(c.target ?? 0),
      limitMs: Number(c.source ?? 0),
      deletedByTable: {},
      restored: c.status === 'pass',
    }));
}

/** A suite that could not run at all must not let the run pass: it becomes an error check. */
function problemChecks(problems: readonly string[]): CheckResult[] {
  return problems.map((problem, i) => ({
    id: `harness/problem-${i + 1}`,
    title: 'a suite failed outside any check',
    kind: 'error',
    criterion: 'row-counts',
    seedRef: '-',
    status: 'error',
    failingCount: 0,
    failures: [],
    summary: problem,
    durationMs: 0,
  }));
}
