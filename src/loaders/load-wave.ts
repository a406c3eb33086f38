import { allOrNone } from '../core/all-or-none.ts';
import type { Db } from '../core/dialect.ts';
import { CutoverError, describeCause, ErrorCodes } from '../core/errors.ts';
import { flushCommits } from '../etl/batch-ledger.ts';
import { ensureBookkeepingPartitions } from '../etl/bookkeeping-partitions.ts';
import type { LoadProgress, LoadResult } from '../etl/load-result.ts';
import { rollbackBatches, type RollbackResult } from '../etl/rollback-batches.ts';
import { BOOKKEEPING_TABLES } from '../etl/rollback-order.ts';
import { runEntityLoad } from '../etl/run-entity-load.ts';
import type { ConflictStrategy, EntitySpec } from '../rules/spec.ts';
import type { BundledWave } from './bundled-wave.ts';
import { readsLegacyDatabase, waveDependencies } from './wave-dependencies.ts';

/** What the terminal shows for a long wave: rows done, rows/s, time left. */
export interface WaveProgress {
  wave: string;
  entity: string;
  /** Legacy records processed in this entity so far. */
  done: number;
  rowsPerSecond: number;
  elapsedMs: number;
  counts: LoadProgress;
}

export interface LoadWaveOptions {
  wave: BundledWave;
  /** The legacy database (MySQL sources); only read. */
  legacy?: Db;
  /** Directory of the estate's files (farm SQLite, accounting exports, register). */
  estateDir?: string;
  target: Db;
  /**
   * Names the batches: `${runId}/${wave}/${entity}`. Re-running with the same runId after a
   * kill reopens the same batches; another runId works too (records are counted once).
   */
  runId: string;
  asOf: string;
  conflictStrategy?: ConflictStrategy;
  batchSize?: number;
  /** Throttled to about one call a second per entity (and one at its end). */
  onProgress?: (progress: WaveProgress) => void;
  /** Milliseconds between progress calls; default 1000. */
  progressIntervalMs?: number;
  /**
   * Opens another connection to the target: with it, entities of the wave that do not
   * depend on each other (waveDependencies) load at the same time, one connection each,
   * so the database works on one while Node runs the rules of another. Every entity opens
   * its connections when the wave starts, its dependencies' or not: a wave holds up to one
   * target connection per entity (11 for the history wave), plus a second chunk writer for
   * the long ones, and one legacy connection per entity reading the legacy database.
   */
  connectTarget?: () => Promise<Db>;
  /**
   * Opens another read-only connection to the legacy database: with it, entities reading
   * the legacy database no longer wait for each other's queries.
   */
  connectLegacy?: () => Promise<Db>;
}

/**
 * Loads one wave, parents first. With `connectTarget`, each entity starts as soon as the
 * entities it depends on are in (waveDependencies), on a connection of its own; without
 * it, one after another in the wave's order. Throws SPEC_INVALID for a spec that does not
 * fit its source before that entity moves a row.
 */
export async function loadWave(options: LoadWaveOptions): Promise<LoadResult[]> {
  await ensureBookkeepingPartitions(
    options.target,
    options.wave.entities.map((entity) =>
      batchIdOf(options.runId, options.wave.wave, entity.spec.entity),
    ),
  );
  const results = await loadEntities(options);
  await settleWave(options, results);
  return results;
}

/**
 * Once every entity of the wave is in: the bookkeeping tables' statistics refreshed (each
 * entity refreshed its own table's as it finished), and on PostgreSQL every table the wave
 * wrote vacuumed. Before anyone queries them: the acceptance suites and the ERP otherwise
 * plan on empty tables until autovacuum comes round, mid-way through their queries. The
 * vacuum sets the new rows' hint bits and the visibility map, which the first reader would
 * otherwise pay for (every page written again, the heap visited by index-only scans); on
 * doc, autovacuum did it while the check catalogue ran. It waits for the wave's end: a
 * page is all-visible only once no load transaction older than its rows is still open.
 */
async function settleWave(options: LoadWaveOptions, results: readonly LoadResult[]): Promise<void> {
  const { dialect } = options.target;
  const wrote = new Set(results.filter((r) => r.loaded > 0).map((r) => r.entity));
  const tables = options.wave.entities
    .filter((entity) => wrote.has(entity.spec.entity))
    .map((entity) => entity.spec.target.table);
  const vacuums = [...new Set([...BOOKKEEPING_TABLES, ...tables])].flatMap((table) => {
    const sql = dialect.vacuumSql(table);
    return sql === undefined ? [] : [{ table, sql }];
  });
  const analyses = BOOKKEEPING_TABLES.map((table) => ({ table, sql: dialect.analyzeSql(table) }));
  // Vacuums first, without ANALYZE (which commits, asynchronously, close to the load's own
  // commits), once the WAL is flushed past the load's commits (flushCommits).
  if (vacuums.length > 0) {
    await flushCommits(
      options.target,
      results.map((r) => r.batchId),
    );
  }
  for (const steps of [vacuums, analyses]) await settleTables(options, steps);
}

/** Each table on a connection of its own where the wave may open them. */
async function settleTables(
  options: LoadWaveOptions,
  steps: readonly { table: string; sql: string }[],
): Promise<void> {
  const connect = options.connectTarget;
  if (connect === undefined)
    for (const step of steps) await settleTable(options.target, step.table, step.sql);
  else
    await Promise.all(
      steps.map(async (step) => {
        await using db = await connect();
        await settleTable(db, step.table, step.sql);
      }),
    );
}

async function loadEntities(options: LoadWaveOptions): Promise<LoadResult[]> {
  const { entities } = options.wave;
  const connectTarget = options.connectTarget;
  if (connectTarget === undefined || entities.length < 2) {
    const results: LoadResult[] = [];
    for (const entity of entities) {
      const result = await loadEntity(options, options.target, options.legacy, entity);
      if (result.loaded > 0) await analyzeTable(options.target, entity.spec.target.table);
      results.push(result);
    }
    return results;
  }
  const connectLegacy = options.connectLegacy;
  const dependencies = waveDependencies(entities, { legacyPerEntity: connectLegacy !== undefined });
  // Two promises per entity: its rows are in (what a dependent waits for), and it is done
  // (ANALYZE included, its connections closed: what the wave waits for). A dependent needs
  // the parents' rows, not their statistics, and ANALYZE took 0.2-1.2 s per link of the
  // history wave's chains while the rest of the wave went on loading.
  const loaded: Promise<LoadResult>[] = [];
  const done: Promise<LoadResult>[] = [];
  entities.forEach((entity, i) => {
    let rowsIn!: (result: LoadResult) => void;
    let notLoaded!: (error: unknown) => void;
    loaded.push(
      new Promise<LoadResult>((resolve, reject) => {
        rowsIn = resolve;
        notLoaded = reject;
      }),
    );
    // Rejections reach the caller through `done`; a dependent sees this one itself.
    loaded[i]!.catch(() => undefined);
    done.push(
      (async () => {
        try {
          // Connected before waiting: once the wave is busy, Node's event loop comes round
          // to a new connection's handshake seldom, and connecting took up to 0.6 s.
          const opening = openConnections(entity.spec, connectTarget, connectLegacy);
          opening.catch(() => undefined); // awaited below, after the dependencies
          // A dependency that failed stops its dependents before they read a parent that
          // is not there; every other entity still runs to its end, so none is left writing.
          const waited = await Promise.allSettled(dependencies[i]!.map((j) => loaded[j]));
          await using connections = await opening;
          const failed = waited.find((w) => w.status === 'rejected');
          if (failed !== undefined) throw failed.reason;
          const { target, legacy } = connections;
          const result = await loadEntity(
            options,
            target,
            legacy ?? options.legacy,
            entity,
            connectTarget,
          );
          rowsIn(result);
          // On the entity's own connection, while its dependents already load.
          if (result.loaded > 0) await analyzeTable(target, entity.spec.target.table);
          return result;
        } catch (error) {
          notLoaded(error);
          throw error;
        }
      })(),
    );
  });
  const settled = await Promise.allSettled(done);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}

interface EntityConnections extends AsyncDisposable {
  target: Db;
  legacy: Db | undefined;
}

/**
 * The connections of one entity, both asked for at once; when one cannot be opened, the
 * other is closed before the error goes on.
 */
async function openConnections(
  spec: EntitySpec,
  connectTarget: () => Promise<Db>,
  connectLegacy: (() => Promise<Db>) | undefined,
): Promise<EntityConnections> {
  const wantsLegacy = connectLegacy !== undefined && readsLegacyDatabase(spec);
  const closeOne = async (db: Db | undefined): Promise<void> => {
    await db?.close().catch(() => undefined);
  };
  const [target, legacy] = await allOrNone<[Db, Db | undefined]>(
    [connectTarget, wantsLegacy ? connectLegacy : async () => undefined],
    closeOne,
  );
  return {
    target,
    legacy,
    [Symbol.asyncDispose]: async () => {
      await Promise.all([closeOne(target), closeOne(legacy)]);
    },
  };
}

async function loadEntity(
  options: LoadWaveOptions,
  target: Db,
  legacy: Db | undefined,
  { spec }: LoadWaveOptions['wave']['entities'][number],
  connectTarget?: () => Promise<Db>,
): Promise<LoadResult> {
  const started = performance.now();
  const report = throttled(options, spec.entity, started);
  const result = await runEntityLoad({
    target,
    spec,
    batchId: batchIdOf(options.runId, options.wave.wave, spec.entity),
    wave: options.wave.wave,
    asOf: options.asOf,
    ...(legacy === undefined ? {} : { legacy }),
    ...(options.estateDir === undefined ? {} : { estateDir: options.estateDir }),
    ...(options.conflictStrategy === undefined
      ? {}
      : { conflictStrategy: options.conflictStrategy }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(connectTarget === undefined ? {} : { connectTarget }),
    onProgress: (counts) => report(counts, false),
  });
  report({ ...result, entity: spec.entity }, true);
  return result;
}

async function analyzeTable(target: Db, table: string): Promise<void> {
  await settleTable(target, table, target.dialect.analyzeSql(table));
}

async function settleTable(target: Db, table: string, sql: string): Promise<void> {
  try {
    await target.exec(sql);
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.LOAD_FAILED,
      `the rows are in, but ${table} could not be settled for its readers (${sql.split(' ')[0]}): ${describeCause(cause)}. Re-running the wave loads nothing twice.`,
      { cause, details: { table } },
    );
  }
}

export function batchIdOf(runId: string, wave: string, entity: string): string {
  return `${runId}/${wave}/${entity}`;
}

function throttled(
  options: LoadWaveOptions,
  entity: string,
  started: number,
): (counts: LoadProgress, final: boolean) => void {
  const interval = options.progressIntervalMs ?? 1000;
  let last = started;
  let shown: string | undefined;
  return (counts, final) => {
    const now = performance.now();
    if (options.onProgress === undefined || (!final && now - last < interval)) return;
    // The last chunk's line already told these counts: the end would only repeat it.
    const said = countsText(counts);
    if (final && said === shown) return;
    last = now;
    shown = said;
    const elapsedMs = now - started;
    options.onProgress({
      wave: options.wave.wave,
      entity,
      done: counts.extracted,
      rowsPerSecond: elapsedMs > 0 ? Math.round((counts.extracted * 1000) / elapsedMs) : 0,
      elapsedMs: Math.round(elapsedMs),
      counts,
    });
  };
}

function countsText(c: LoadProgress): string {
  return [c.extracted, c.loaded, c.alreadyLoaded, c.quarantined, c.outOfScope].join('/');
}

export interface RollbackWaveOptions {
  target: Db;
  wave: string;
  /** Count what would be deleted, delete nothing. */
  dryRun?: boolean;
}

/**
 * Rolls back every batch the ledger holds for the wave (whatever run wrote it: a killed
 * run's batches too), children first, in one transaction, timed. Roll waves back in
 * reverse order: a wave whose rows a later wave still references is refused by the
 * target's foreign keys (ROLLBACK_FAILED, nothing deleted).
 */
export async function rollbackWave(options: RollbackWaveOptions): Promise<RollbackResult> {
  const { rows } = await options.target.query(
    "SELECT batch_id FROM migration.batch WHERE wave = $1 AND status <> 'rolled_back' ORDER BY started_at",
    [options.wave],
  );
  const batchIds = rows.map((r) => r[0] ?? '').filter((id) => id !== '');
  return rollbackBatches(options.target, batchIds, { dryRun: options.dryRun ?? false });
}

/** 'wave-4-history/sales_orders: 120,000 rows, 48,000 rows/s' for a terminal. */
export function formatProgress(p: WaveProgress): string {
  return `${p.wave}/${p.entity}: ${p.done.toLocaleString('en')} rows, ${p.rowsPerSecond.toLocaleString('en')} rows/s, ${(p.elapsedMs / 1000).toFixed(1)} s`;
}
