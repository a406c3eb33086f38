import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushdownChecksum, type PushdownSide } from '../src/checks/pushdown-checksum.ts';
import { takeSnapshot, type TableSnapshot } from '../src/checks/table-snapshot.ts';
import type { Db } from '../src/core/dialect.ts';
import { preloadSuiteRunner, runSuites, type SuiteRun } from '../src/cli/run-suites.ts';
import type { CheckResult } from '../src/core/check-result.ts';
import { postgresDialect } from '../src/dialects/index.ts';
import { applyTargetSchema } from '../src/etl/index.ts';
import { allWaves, loadWave } from '../src/loaders/index.ts';
import { provideDatabases } from '../src/providers/resolve.ts';
import { writeRunContext } from '../src/vitest/run-context.ts';
import { seedLegacy } from '../generators/seed-legacy.ts';
import { formatCpu, measureCpu, type CpuSplit } from './cpu-split.ts';

/**
 * Floor per million rows on these machines (../shared/ENVIRONMENT.md, median of 3):
 * streaming into Node with canonical text + MD5 + XOR, MariaDB side 2.06 s and PostgreSQL
 * side 1.81 s; hashing inside both databases at once 1.46 s wall.
 */
const NODE_HASH_FLOOR_S_PER_M = 2.06 + 1.81;
const IN_DB_HASH_FLOOR_S_PER_M = 1.46;
/** Issue #5: the whole catalogue over `doc` in under 10 s. */
const AIM_S = 10;
const AS_OF = '2026-06-30T18:00:00.000Z';
const BOOKKEEPING = ['migration.id_map', 'migration.quarantine', 'migration.out_of_scope'];

/**
 * The whole check catalogue over the `doc` profile as a run executes it: every wave of the
 * plan seeded and loaded (allWaves, not only what `reconcile` bundles today), then the
 * suites through vitest. Prints per-check time, the catalogue's wall time, and for the
 * per-record checksum on the largest table its ratio to the floor.
 */
export async function benchChecks(profile: 'ci' | 'doc' = 'doc'): Promise<void> {
  // As reconcile does: vitest's Node API is imported while the servers start and the estate
  // loads, not counted in the catalogue's time.
  void preloadSuiteRunner();
  const workDir = await mkdtemp(join(tmpdir(), 'cutover-bench-checks-'));
  const dbs = await provideDatabases({
    legacy: { role: 'legacy', dialect: 'mysql', database: 'legacy', workDir },
    target: { role: 'target', dialect: 'postgres', database: 'target', workDir },
    log: () => {},
  });
  try {
    const estateDir = join(workDir, 'estate');
    const snapshots: Record<string, TableSnapshot> = {};
    const batches: Record<string, string[]> = {};
    const loaded = new Map<string, number>();
    await using legacy = await dbs.legacy.dialect.connect(dbs.legacy.url);
    await using target = await dbs.target.dialect.connect(dbs.target.url);
    {
      await seedLegacy(legacy, { profile, seed: 1, asOf: AS_OF, estateDir });
      await applyTargetSchema(target);
      for (const wave of allWaves) {
        snapshots[wave.wave] = await takeSnapshot(target, [
          ...new Set(wave.entities.map((e) => e.spec.target.table)),
          ...BOOKKEEPING,
        ]);
        for (const r of await loadWave({
          wave,
          legacy,
          target,
          runId: 'bench',
          asOf: AS_OF,
          estateDir,
        })) {
          (batches[r.entity] ??= []).push(r.batchId);
          loaded.set(r.entity, r.loaded);
        }
      }
    }
    // Before the suites: their last file rehearses the rollbacks, which empty the target.
    await pushdownVersusStraight(legacy, target);
    // The catalogue runs on copies of the loaded target, so it runs more than once and the
    // median stands for it: on a shared box one run can be a second off either way.
    await target.close();
    const runs: CatalogueRun[] = [];
    for (let run = 1; run <= CATALOGUE_RUNS; run += 1) {
      await using copy = await copyDatabase(dbs.target.url, `catalogue_${run}`);
      await using context = await writeRunContext({
        runId: 'bench',
        asOf: AS_OF,
        mode: 'rehearsal',
        legacyUrl: dbs.legacy.url,
        targetUrl: copy.url,
        batches,
        snapshots,
        conflictStrategy: 'skip',
        estateDir,
      });
      // A shared box: the figures mean little when other jobs hold the cores.
      const load = loadavg()[0] ?? 0;
      const cpu = measureCpu();
      const t0 = performance.now();
      const suiteRun = await runSuites({
        suitesDir: 'suites',
        contextPath: context.path,
        log: () => {},
      });
      runs.push({ ...suiteRun, wall: (performance.now() - t0) / 1000, load, split: cpu() });
    }
    const median = [...runs].sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)]!;
    const { checks, problems, phasesMs, wall, load, split } = median;
    report(checks, problems, wall, loaded, profile);
    console.log(
      `  ${runs.length} runs, each on a fresh copy of the loaded target: ${runs.map((r) => `${r.wall.toFixed(2)} s`).join(', ')}; the median run is shown`,
    );
    const rehearsals = checks
      .filter((c) => c.kind === 'rollback-rehearsal')
      .map((c) => `${c.wave} ${c.durationMs} ms`);
    console.log(
      `  phases: vitest start ${phasesMs.start} ms, check files ${phasesMs.checks} ms, rollback rehearsals ${phasesMs.rollbacks} ms (${rehearsals.join(', ')})`,
    );
    console.log(
      `  load average when the catalogue started: ${load.toFixed(2)} on ${availableParallelism()} cores`,
    );
    // Where the catalogue's time goes: with every core busy, less CPU is the only way down.
    console.log(`  ${formatCpu(split)}`);
  } finally {
    await dbs.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Catalogue runs on copies of the loaded target; the median is reported. */
const CATALOGUE_RUNS = 3;

interface CatalogueRun extends SuiteRun {
  wall: number;
  load: number;
  split: CpuSplit | null;
}

/**
 * A copy of a PostgreSQL database on the same server (CREATE DATABASE ... TEMPLATE; nobody
 * may be connected to the original), dropped when disposed. Its URL is the original's with
 * the other database name.
 */
async function copyDatabase(url: string, name: string): Promise<{ url: string } & AsyncDisposable> {
  const original = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  const template = original.pathname.slice(1);
  {
    await using db = await postgresDialect.connect(admin.toString());
    await db.exec(`DROP DATABASE IF EXISTS ${name}`);
    // FILE_COPY copies the files (PostgreSQL 15+); the older servers' only way is the same.
    await db
      .exec(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`)
      .catch(() => db.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  }
  // The copy's pages still on their way to disk would compete with the run.
  spawnSync('sync');
  return {
    url: copy.toString(),
    [Symbol.asyncDispose]: async () => {
      await using db = await postgresDialect.connect(admin.toString());
      await db.exec(`DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

function report(
  checks: CheckResult[],
  problems: string[],
  wall: number,
  loaded: Map<string, number>,
  profile: string,
): void {
  console.log(`  the ${Math.min(15, checks.length)} slowest of ${checks.length} checks:`);
  for (const c of [...checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 15)) {
    console.log(`  ${String(c.durationMs).padStart(6)} ms  ${c.status.padEnd(8)} ${c.id}`);
  }
  const sum = checks.reduce((s, c) => s + c.durationMs, 0) / 1000;
  const failing = checks.filter((c) => c.status === 'fail' || c.status === 'error').length;
  console.log(
    `catalogue on ${profile}: ${checks.length} checks (${failing} failing, ${problems.length} problems); ${wall.toFixed(2)} s wall ` +
      `(vitest's run, connections and the rules oracle included, its Node API imported while the estate loaded as reconcile does; suite files on ${availableParallelism()} cores), ` +
      `${sum.toFixed(2)} s summed inside the primitives; aim < ${AIM_S} s: ${wall < AIM_S ? 'met' : 'MISSED'}`,
  );
  const [entity, rows] = [...loaded.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const checksum = checks.find((c) => c.entity === entity && c.kind === 'record-checksum');
  if (checksum && rows > 0) {
    const floor = (rows / 1_000_000) * NODE_HASH_FLOOR_S_PER_M;
    console.log(
      `record-checksum on the largest table (${entity}, ${rows} rows): ${checksum.durationMs} ms to compare (the rules oracle before it not included); ` +
        `floor ${(floor * 1000).toFixed(0)} ms (Node-side hash of both sides); ratio ${(checksum.durationMs / 1000 / floor).toFixed(2)}x`,
    );
    // The clean case is settled by digests, Node's side and the server's at once: the
    // in-database floor is the nearer one.
    const inDb = (rows / 1_000_000) * IN_DB_HASH_FLOOR_S_PER_M;
    console.log(
      `  in-database floor for the same rows (pushdown, both at once): ${(inDb * 1000).toFixed(0)} ms; ratio ${(checksum.durationMs / 1000 / inDb).toFixed(2)}x`,
    );
  }
}

/**
 * Identity fields of the largest MySQL-keyed table (history sales order lines) compared two
 * ways: pushdown (range digests inside both servers, nothing row-sized to Node on a match)
 * and straight (every row of both sides streamed to Node and compared by key).
 */
async function pushdownVersusStraight(legacy: Db, target: Db): Promise<void> {
  const entity = 'sales_order_lines';
  const ruledOut: string[] = [];
  for await (const [key] of target.stream(
    'SELECT legacy_key FROM migration.quarantine WHERE entity = $1 UNION ALL SELECT legacy_key FROM migration.out_of_scope WHERE entity = $1',
    [entity],
  ))
    ruledOut.push(key ?? '');
  const legacySide: PushdownSide = {
    db: legacy,
    table: 'sales_order_lines',
    keyExpr: 'line_id',
    excludeKeys: ruledOut,
    columns: [
      { column: 'qty', kind: 'decimal3', expr: 'quantity' },
      { column: 'price', kind: 'decimal2', expr: 'unit_price' },
      { column: 'subtotal', kind: 'decimal2', expr: 'line_total' },
    ],
  };
  const targetSide: PushdownSide = {
    db: target,
    table: 'sales.order_line',
    keyExpr: 'CAST(x_legacy_id AS DECIMAL(20,0))',
    where: `x_migration_batch IN (SELECT batch_id FROM migration.batch WHERE entity = '${entity}')`,
    columns: [
      { column: 'qty', kind: 'decimal3', expr: 'product_uom_qty' },
      { column: 'price', kind: 'decimal2', expr: 'price_unit' },
      { column: 'subtotal', kind: 'decimal2', expr: 'price_subtotal' },
    ],
  };
  const meta = {
    id: 'bench/pushdown',
    title: 'bench',
    criterion: 'checksums' as const,
    seedRef: 'bench',
  };
  const t0 = performance.now();
  const pushed = await pushdownChecksum(meta, { legacy: legacySide, target: targetSide });
  const pushMs = performance.now() - t0;
  const t1 = performance.now();
  const differences = await straight(legacySide, targetSide, new Set(ruledOut));
  const straightMs = performance.now() - t1;
  console.log(
    `identity fields of ${entity} (${pushed.source} rows): pushdown ${pushMs.toFixed(0)} ms (${pushed.stats.rangeQueries} range pairs, ` +
      `${pushed.stats.rowsFetched} rows to Node, status ${pushed.status}); straight full-table ${straightMs.toFixed(0)} ms ` +
      `(${differences} differences); pushdown floor ${((Number(pushed.source) / 1e6) * IN_DB_HASH_FLOOR_S_PER_M * 1000).toFixed(0)} ms`,
  );
}

async function straight(
  l: PushdownSide,
  t: PushdownSide,
  ruledOut: ReadonlySet<string>,
): Promise<number> {
  const read = async (side: PushdownSide) => {
    const d = side.db.dialect;
    const key = d.canonicalExpr({ column: 'k', kind: 'integer', expr: side.keyExpr });
    const sql = `SELECT ${key}, ${d.rowDigestExpr(side.columns)} FROM ${d.quoteIdent(side.table)}${side.where ? ` WHERE ${side.where}` : ''}`;
    const rows = new Map<string, string>();
    for await (const [k, digest] of side.db.stream(sql))
      if (!ruledOut.has(k ?? '')) rows.set(k ?? '', digest ?? '');
    return rows;
  };
  const [a, b] = await Promise.all([read(l), read(t)]);
  let differences = 0;
  for (const [k, digest] of a) if (b.get(k) !== digest) differences += 1;
  for (const k of b.keys()) if (!a.has(k)) differences += 1;
  return differences;
}
