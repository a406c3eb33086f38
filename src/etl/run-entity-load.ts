import type { Db } from '../core/dialect.ts';
import { CutoverError, describeCause, ErrorCodes, isCutoverError } from '../core/errors.ts';
import type { LegacySource } from '../core/source.ts';
import { compileSpec, type CompiledSpec } from '../rules/compile-spec.ts';
import type { DedupeDecision, Deduplicator } from '../rules/deduplicator.ts';
import type { EvaluateContext } from '../rules/evaluate-row.ts';
import type { ConflictStrategy, EntitySpec, LegacyRow } from '../rules/spec.ts';
import { closeBatch, openBatch, type LedgerCounts } from './batch-ledger.ts';
import { emptyChunk, type Chunk } from './chunk.ts';
import { linkDeferred } from './link-deferred.ts';
import type { LoadProgress, LoadResult } from './load-result.ts';
import { legacyRowBatches, openEntitySource, type SourceContext } from './open-entity-source.ts';
import { loadExistingClaims, loadParentLookup } from './parent-index.ts';
import { writeChunk } from './write-chunk.ts';

export interface RunEntityLoadOptions {
  /** The legacy database (MySQL sources); only read. */
  legacy?: Db;
  /** Directory of the estate's files (SQLite, CSV, XLSX sources). */
  estateDir?: string;
  /** An already open source; otherwise the one the spec names is opened and closed here. */
  source?: LegacySource;
  target: Db;
  spec: EntitySpec;
  batchId: string;
  /** Defaults to the spec's wave. */
  wave?: string;
  /** The run's pinned instant: history windows and not_future count from it (never NOW()). */
  asOf: string;
  /** Legacy records per target transaction. */
  batchSize?: number;
  /** Overrides the spec's dedupe strategy. */
  conflictStrategy?: ConflictStrategy;
  /** Called after every committed chunk. */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Opens another connection to the target: with it, an entity whose duplicates the target
   * does not decide writes two chunks at once, so a long table left loading alone keeps
   * two database cores busy.
   */
  connectTarget?: () => Promise<Db>;
}

/**
 * Per-chunk costs (a transaction, the staging table emptied, the bookkeeping statements) are
 * fixed, so bigger chunks load faster: 20,000 loaded the doc history wave about 10% faster
 * than 5,000 (bench/load.ts). A chunk's records stay in memory until it commits, some
 * 20-40 MB at this size, whatever the table's size.
 */
export const DEFAULT_BATCH_SIZE = 20_000;

/**
 * Extract -> rules -> load for one entity, from any legacy source. Bad records never throw:
 * they are quarantined with a reason code or put out of scope by a named rule. It throws
 * SPEC_INVALID before any row moves when the spec does not fit the source, and LOAD_FAILED
 * (the ledger marked 'failed') when the harness itself cannot go on. Every chunk is one
 * transaction, and migrated keys are skipped, so a load killed half-way is finished by
 * running it again.
 */
export async function runEntityLoad(options: RunEntityLoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const { target, spec, batchId } = options;
  const wave = options.wave ?? spec.wave;
  const batchSize = checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE);
  const context: SourceContext = {
    ...(options.legacy === undefined ? {} : { legacy: options.legacy }),
    ...(options.estateDir === undefined ? {} : { estateDir: options.estateDir }),
  };
  const source = options.source ?? (await openEntitySource(spec.source, context, spec.entity));
  try {
    const compiled = compileSpec(spec, {
      sourceColumns: source.columns,
      asOf: options.asOf,
      ...(options.conflictStrategy === undefined
        ? {}
        : { conflictStrategy: options.conflictStrategy }),
    });
    await openBatch(target, { batchId, wave, entity: spec.entity });
    const totals = newTotals();
    try {
      const parents = await loadParentLookup(target, immediateParents(compiled));
      const context: EvaluateContext = compiled.needsSourceKeys
        ? { parents, sourceKeys: await sourceKeys(source, compiled) }
        : { parents };
      const dedupe = compiled.createDeduplicator(await loadExistingClaims(target, compiled), true);
      const replacePrior = await hasPriorRecords(target, spec, batchId);
      await using writers = chunkWriters(options, compiled);
      totals.chunks = await streamChunks(
        source,
        compiled,
        context,
        dedupe,
        batchSize,
        writers.count,
        async (chunk, writer) => {
          const ctx = { target: await writers.connection(writer), compiled, batchId, replacePrior };
          addChunk(totals, chunk, await writeChunk(ctx, chunk));
          options.onProgress?.({ entity: spec.entity, ...countsOf(totals) });
        },
      );
      if (compiled.deferredFields.length > 0)
        await linkDeferred(target, compiled, legacyRowBatches(source));
      await closeBatch(target, batchId, 'done', countsOf(totals));
    } catch (error) {
      await closeBatch(target, batchId, 'failed', countsOf(totals), describeCause(error)).catch(
        () => undefined,
      );
      throw error;
    }
    return {
      batchId,
      wave,
      entity: spec.entity,
      ...countsOf(totals),
      quarantineByReason: totals.byReason,
      outOfScopeByRule: totals.byRule,
      chunks: totals.chunks,
      rowByRowChunks: totals.rowByRowChunks,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (isCutoverError(error) && error.code === ErrorCodes.SPEC_INVALID) throw error;
    throw new CutoverError(
      ErrorCodes.LOAD_FAILED,
      `loading ${spec.entity} (batch ${batchId}) failed: ${describeCause(error)}`,
      { cause: error, details: { entity: spec.entity, batchId } },
    );
  } finally {
    if (options.source === undefined) await source.close().catch(() => undefined);
  }
}

/** Columns the legacy table has, without reading a row. */
export async function legacyColumns(legacy: Db, table: string): Promise<string[]> {
  const { columns } = await legacy.query(
    `SELECT * FROM ${legacy.dialect.quoteIdent(table)} WHERE 1 = 0`,
  );
  return columns;
}

function checkBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `batchSize must be a positive whole number, not ${batchSize}`,
    );
  }
  return batchSize;
}

// Deferred lookups are linked after the load; resolving them during it would only find the
// parents that happen to come first.
function immediateParents(compiled: CompiledSpec): string[] {
  return [
    ...new Set(compiled.fields.filter((f) => !f.spec.lookup?.deferred).flatMap((f) => f.parents)),
  ];
}

async function hasPriorRecords(target: Db, spec: EntitySpec, batchId: string): Promise<boolean> {
  const { rows } = await target.query(
    `SELECT EXISTS (SELECT 1 FROM migration.quarantine WHERE entity = $1 AND batch_id <> $2)
         OR EXISTS (SELECT 1 FROM migration.out_of_scope WHERE entity = $1 AND batch_id <> $2)`,
    [spec.entity, batchId],
  );
  const value = rows[0]?.[0];
  return value === 't' || value === 'true';
}

// First pass for deferred lookups that quarantine unknown keys: a few bytes per record.
async function sourceKeys(source: LegacySource, compiled: CompiledSpec): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const rows of legacyRowBatches(source))
    for (const row of rows) keys.add(compiled.keyOf(row));
  return keys;
}

/**
 * Rules run on the next chunk while the target writes the previous one(s): Node and the
 * database work at the same time instead of taking turns. Decisions never depend on earlier
 * writes (parents and claims are read up front, the dedupe is in memory), so the overlap
 * changes no outcome. With more than one writer, chunks may commit out of order: only
 * entities whose duplicates are not left to the target get more than one (chunkWriters).
 */
async function streamChunks(
  source: LegacySource,
  compiled: CompiledSpec,
  context: EvaluateContext,
  dedupe: Deduplicator,
  batchSize: number,
  writers: number,
  write: (chunk: Chunk, writer: number) => Promise<void>,
): Promise<number> {
  let chunk = emptyChunk();
  let chunks = 0;
  const inFlight: Promise<void>[] = Array.from({ length: writers }, () => Promise.resolve());
  let failed: { error: unknown } | undefined;
  const send = async (full: Chunk): Promise<void> => {
    const writer = chunks % writers;
    await inFlight[writer];
    if (failed) throw failed.error;
    // Caught here and rethrown by the next send or the end: never an unhandled rejection.
    inFlight[writer] = write(full, writer).catch((error: unknown) => {
      failed ??= { error };
    });
    chunks++;
  };
  try {
    for await (const rows of legacyRowBatches(source)) {
      for (const row of rows) {
        addDecision(chunk, row, compiled.decide(row, dedupe, context));
        if (chunk.extracted >= batchSize) {
          await send(chunk);
          chunk = emptyChunk();
        }
      }
    }
    if (chunk.extracted > 0) await send(chunk);
  } finally {
    // A failing source must not leave a write running on the connection the ledger uses next.
    await Promise.all(inFlight);
  }
  if (failed) throw failed.error;
  return chunks;
}

/**
 * Chunk writers: the load's own connection, and a second one where that is safe, opened
 * when a second chunk is written (an entity of one chunk never pays for it).
 */
function chunkWriters(
  options: RunEntityLoadOptions,
  compiled: CompiledSpec,
): {
  count: number;
  connection(writer: number): Promise<Db>;
  [Symbol.asyncDispose](): Promise<void>;
} {
  // Where the target's UNIQUE index decides which duplicate wins, the first in source order
  // must commit first: one writer.
  const { connectTarget } = options;
  const two = connectTarget !== undefined && compiled.targetUniqueKey === undefined;
  let second: Promise<Db> | undefined;
  return {
    count: two ? 2 : 1,
    connection: (writer) =>
      writer === 0 || connectTarget === undefined
        ? Promise.resolve(options.target)
        : (second ??= connectTarget()),
    [Symbol.asyncDispose]: async () => {
      await second?.then((db) => db.close()).catch(() => undefined);
    },
  };
}

function addDecision(chunk: Chunk, row: LegacyRow, decision: DedupeDecision): void {
  const { outcome } = decision;
  chunk.extracted++;
  if (outcome.kind === 'load') chunk.loads.push({ key: outcome.key, values: outcome.values, row });
  else if (outcome.kind === 'out-of-scope')
    chunk.outOfScope.push({ key: outcome.key, rule: outcome.rule });
  else
    chunk.quarantines.push({
      key: outcome.key,
      reason: outcome.reason,
      field: outcome.field ?? null,
      message: outcome.message,
      row,
    });
  if (decision.merge) chunk.merges.push({ ...decision.merge, fromKey: outcome.key });
}

interface Totals extends LedgerCounts {
  byReason: Record<string, number>;
  byRule: Record<string, number>;
  chunks: number;
  rowByRowChunks: number;
}

function newTotals(): Totals {
  return {
    extracted: 0,
    loaded: 0,
    alreadyLoaded: 0,
    quarantined: 0,
    outOfScope: 0,
    byReason: {},
    byRule: {},
    chunks: 0,
    rowByRowChunks: 0,
  };
}

function addChunk(
  totals: Totals,
  chunk: Chunk,
  written: Awaited<ReturnType<typeof writeChunk>>,
): void {
  totals.extracted += chunk.extracted;
  totals.loaded += written.loaded;
  totals.alreadyLoaded += written.alreadyLoaded;
  totals.outOfScope += chunk.outOfScope.length;
  for (const o of chunk.outOfScope) totals.byRule[o.rule] = (totals.byRule[o.rule] ?? 0) + 1;
  for (const q of [...chunk.quarantines, ...written.rejected]) {
    totals.quarantined++;
    totals.byReason[q.reason] = (totals.byReason[q.reason] ?? 0) + 1;
  }
  if (written.rowByRow) totals.rowByRowChunks++;
}

function countsOf(totals: Totals): LedgerCounts {
  const { extracted, loaded, alreadyLoaded, quarantined, outOfScope } = totals;
  return { extracted, loaded, alreadyLoaded, quarantined, outOfScope };
}
