import type { Db, RawRow } from '../core/dialect.ts';
import { CutoverError, describeCause, ErrorCodes, isCutoverError } from '../core/errors.ts';
import { compileSpec, type CompiledSpec } from '../rules/compile-spec.ts';
import type { DedupeDecision } from '../rules/deduplicator.ts';
import type { ConflictStrategy, EntitySpec, LegacyRow } from '../rules/spec.ts';
import { closeBatch, openBatch, type LedgerCounts } from './batch-ledger.ts';
import { emptyChunk, type Chunk } from './chunk.ts';
import type { LoadProgress, LoadResult } from './load-result.ts';
import { writeChunk } from './write-chunk.ts';

export interface RunEntityLoadOptions {
  /** Only read: one column query and one streamed SELECT. */
  legacy: Db;
  target: Db;
  spec: EntitySpec;
  batchId: string;
  /** Defaults to the spec's wave. */
  wave?: string;
  /** The run's pinned instant; reserved for time-window scope rules (never NOW()). */
  asOf: string;
  /** Legacy records per target transaction. */
  batchSize?: number;
  /** Overrides the spec's dedupe strategy. */
  conflictStrategy?: ConflictStrategy;
  onProgress?: (progress: LoadProgress) => void;
}

export const DEFAULT_BATCH_SIZE = 5000;

/**
 * Extract -> rules -> load for one entity. Bad records never throw: they are quarantined
 * with a reason code or put out of scope by a named rule. It throws (LOAD_FAILED, with the
 * ledger marked 'failed') only when the harness itself cannot go on, and SPEC_INVALID
 * before any row moves when the spec does not fit the legacy table.
 */
export async function runEntityLoad(options: RunEntityLoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const { legacy, target, spec, batchId } = options;
  const wave = options.wave ?? spec.wave;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `batchSize must be a positive whole number, not ${batchSize}`,
    );
  }
  const sourceColumns = await legacyColumns(legacy, spec.source.table);
  const compiled = compileSpec(
    spec,
    options.conflictStrategy === undefined
      ? { sourceColumns }
      : { sourceColumns, conflictStrategy: options.conflictStrategy },
  );
  await openBatch(target, { batchId, wave, entity: spec.entity });

  const totals = newTotals();
  try {
    const tally = await streamChunks(legacy, compiled, sourceColumns, batchSize, async (chunk) => {
      const written = await writeChunk({ target, compiled, batchId }, chunk);
      addChunk(totals, chunk, written);
      options.onProgress?.({ entity: spec.entity, ...countsOf(totals) });
    });
    totals.chunks = tally;
    await closeBatch(target, batchId, 'done', countsOf(totals));
  } catch (error) {
    await closeBatch(target, batchId, 'failed', countsOf(totals), describeCause(error)).catch(
      () => undefined,
    );
    if (isCutoverError(error) && error.code === ErrorCodes.SPEC_INVALID) throw error;
    throw new CutoverError(
      ErrorCodes.LOAD_FAILED,
      `loading ${spec.entity} (batch ${batchId}) failed: ${describeCause(error)}`,
      {
        cause: error,
        details: { entity: spec.entity, batchId },
      },
    );
  }
  return {
    batchId,
    wave,
    entity: spec.entity,
    ...countsOf(totals),
    quarantineByReason: totals.byReason,
    chunks: totals.chunks,
    rowByRowChunks: totals.rowByRowChunks,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Columns the legacy table has, without reading a row. */
export async function legacyColumns(legacy: Db, table: string): Promise<string[]> {
  const { columns } = await legacy.query(
    `SELECT * FROM ${legacy.dialect.quoteIdent(table)} WHERE 1 = 0`,
  );
  return columns;
}

async function streamChunks(
  legacy: Db,
  compiled: CompiledSpec,
  columns: readonly string[],
  batchSize: number,
  write: (chunk: Chunk) => Promise<void>,
): Promise<number> {
  const q = (name: string): string => legacy.dialect.quoteIdent(name);
  const sql = `SELECT ${columns.map(q).join(', ')} FROM ${q(compiled.spec.source.table)} ORDER BY ${q(compiled.keyColumn)}`;
  const dedupe = compiled.createDeduplicator();
  let chunk = emptyChunk();
  let chunks = 0;
  for await (const raw of legacy.stream(sql)) {
    const row = toLegacyRow(columns, raw);
    addDecision(chunk, row, dedupe.accept(compiled.evaluate(row)));
    if (chunk.extracted >= batchSize) {
      await write(chunk);
      chunks++;
      chunk = emptyChunk();
    }
  }
  if (chunk.extracted > 0) {
    await write(chunk);
    chunks++;
  }
  return chunks;
}

function toLegacyRow(columns: readonly string[], raw: RawRow): LegacyRow {
  const row: Record<string, string | null> = {};
  columns.forEach((column, i) => (row[column] = raw[i] ?? null));
  return row;
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
