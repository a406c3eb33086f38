import { createHash } from 'node:crypto';
import type { CanonicalKind, Db, RawRow, RawValue } from '../core/dialect.ts';
import { describeCause } from '../core/errors.ts';
import type { CompiledSpec } from '../rules/compile-spec.ts';
import type { Chunk, ChunkResult, PendingLoad, PendingQuarantine } from './chunk.ts';
import { danglingReferenceSql, foreignKeyPlan } from './foreign-key-plan.ts';

export interface WriteContext {
  target: Db;
  compiled: CompiledSpec;
  batchId: string;
  /**
   * An earlier batch (a killed run, or a re-run under another id) left quarantine or
   * out-of-scope rows for this entity: each record's earlier row is replaced, so every
   * legacy record is counted once whatever the number of runs.
   */
  replacePrior?: boolean;
}

const STAGES = new WeakMap<CompiledSpec, string>();

/** One staging table per target table and column list, so entities never share a shape. */
function stageOf(compiled: CompiledSpec): string {
  let stage = STAGES.get(compiled);
  if (stage === undefined) {
    const shape = [compiled.spec.target.table, ...compiled.targetColumns].join('\n');
    stage = `_cutover_stage_${createHash('sha1').update(shape).digest('hex').slice(0, 12)}`;
    STAGES.set(compiled, stage);
  }
  return stage;
}

/**
 * Writes one chunk in one transaction: the fast path first (COPY into a typed staging table,
 * one INSERT ... SELECT that also fills id_map). If the target refuses the chunk, the whole
 * chunk is retried row by row, each row under a savepoint, and the rows it refuses are
 * quarantined as LOAD01. A harness failure (connection lost) still throws.
 */
export async function writeChunk(ctx: WriteContext, chunk: Chunk): Promise<ChunkResult> {
  try {
    return await ctx.target.transaction(async (tx) => {
      const { loaded, alreadyLoaded, duplicates } = await bulkInsert(tx, ctx, chunk.loads);
      await finishChunk(tx, ctx, chunk, duplicates);
      return { loaded, alreadyLoaded, rejected: duplicates, rowByRow: false };
    });
  } catch {
    return ctx.target.transaction(async (tx) => {
      const result = await rowByRowInsert(tx, ctx, chunk.loads);
      await finishChunk(tx, ctx, chunk, result.rejected);
      return { ...result, rowByRow: true };
    });
  }
}

async function finishChunk(
  tx: Db,
  ctx: WriteContext,
  chunk: Chunk,
  rejected: readonly PendingQuarantine[],
): Promise<void> {
  if (ctx.replacePrior) await forgetPrior(tx, ctx, chunk);
  await applyMerges(tx, ctx, chunk);
  await writeQuarantine(tx, ctx, [...chunk.quarantines, ...rejected]);
  await writeOutOfScope(tx, ctx, chunk.outOfScope);
}

async function bulkInsert(
  tx: Db,
  ctx: WriteContext,
  loads: readonly PendingLoad[],
): Promise<{ loaded: number; alreadyLoaded: number; duplicates: PendingQuarantine[] }> {
  if (loads.length === 0) return { loaded: 0, alreadyLoaded: 0, duplicates: [] };
  const { compiled } = ctx;
  const q = (name: string): string => tx.dialect.quoteIdent(name);
  const columns = compiled.targetColumns;
  const list = columns.map(q).join(', ');
  const legacyKey = q(compiled.spec.target.legacyKey);
  // Same column types as the target (seed 000 Appendix B's _temp_partners), none of its
  // constraints. Created once per session and emptied per chunk: creating and dropping a
  // table per chunk cost more than the COPY itself (catalog writes).
  const stage = stageOf(compiled);
  // Foreign keys checked by one query after the INSERT where that is safe (ForeignKeyPlan):
  // set with the staging statement, no round trip of its own per chunk (the staging table
  // has no trigger it could turn off). The session is at 'origin' again before anything
  // else is written.
  const fks = await foreignKeyPlan(tx, compiled);
  await tx.exec(
    `CREATE TEMP TABLE IF NOT EXISTS ${stage} AS SELECT ${list} FROM ${q(compiled.spec.target.table)} WITH NO DATA;
     TRUNCATE ${stage}${fks.checkByQuery ? ';\n     SET LOCAL session_replication_role = replica' : ''}`,
  );
  await tx.bulkLoad(
    stage,
    columns,
    loads.map((load) => targetRow(compiled, load.values)),
  );
  // The target's own UNIQUE indexes decide what is skipped, with no probe per row: a record
  // migrated before (x_source_system, legacy key) and, where the spec leaves duplicates to
  // the target (DedupeSpec.enforcedByTarget), a record whose key an earlier one holds. The
  // staging table is one COPY into a freshly truncated table and an INSERT never scans in
  // parallel, so rows go in in source order and the first record wins, as the in-memory
  // dedupe decides.
  const inserted = await tx.query(
    `WITH inserted AS (
       INSERT INTO ${q(compiled.spec.target.table)} (${list}, x_migration_batch)
       SELECT ${columns.map((c) => `s.${q(c)}`).join(', ')}, $3::text FROM ${stage} s
       ON CONFLICT DO NOTHING
       RETURNING id, ${legacyKey} AS legacy_id
     )
     INSERT INTO migration.id_map (source_system, entity, legacy_id, new_id, batch_id)
     SELECT $1::text, $2::text, legacy_id, id, $3::text FROM inserted
     RETURNING legacy_id`,
    [compiled.spec.source.system, compiled.spec.entity, ctx.batchId],
  );
  if (fks.checkByQuery) {
    await tx.exec('SET LOCAL session_replication_role = origin');
    const { rows } = await tx.query(
      danglingReferenceSql(fks, stage, compiled.spec.target.legacyKey),
    );
    const dangling = fks.foreignKeys.findIndex((_fk, i) => rows[0]?.[i] != null);
    // Thrown inside the transaction: it rolls back, and writeChunk retries row by row with
    // the triggers on, where the target refuses the row itself.
    if (dangling >= 0)
      throw new Error(
        `record ${rows[0]?.[dangling]} has no parent for ${fks.foreignKeys[dangling]!.name}`,
      );
  }
  if (inserted.rows.length === loads.length)
    return { loaded: loads.length, alreadyLoaded: 0, duplicates: [] };
  const done = new Set(inserted.rows.map((r) => r[0]));
  const skipped = loads.filter((l) => !done.has(l.key));
  const duplicates = await targetDuplicates(tx, ctx, stage, skipped);
  return {
    loaded: inserted.rows.length,
    alreadyLoaded: skipped.length - duplicates.length,
    duplicates,
  };
}

/**
 * Of the staged records the INSERT skipped, those the target did not hold under their own
 * legacy key already are duplicates of the record that holds their unique key (DUP001).
 * The rest were migrated by an earlier batch (a re-run) and are left as they are.
 */
/**
 * The row-by-row retry's conflict clause: a record whose unique key an earlier record holds
 * is skipped, and heldBy names the holder.
 */
function onConflict(tx: Db, compiled: CompiledSpec): string {
  const key = compiled.targetUniqueKey;
  return key === undefined
    ? ''
    : `ON CONFLICT (${key.map((c) => tx.dialect.quoteIdent(c)).join(', ')}) DO NOTHING`;
}

async function targetDuplicates(
  tx: Db,
  ctx: WriteContext,
  stage: string,
  skipped: readonly PendingLoad[],
): Promise<PendingQuarantine[]> {
  const { compiled } = ctx;
  const q = (name: string): string => tx.dialect.quoteIdent(name);
  const table = q(compiled.spec.target.table);
  const legacyKey = q(compiled.spec.target.legacyKey);
  const key = compiled.targetUniqueKey;
  // Probes of the UNIQUE indexes for the skipped rows only: the staging table has no
  // statistics, and a join planned without them scanned the whole target table per chunk.
  const holder =
    key === undefined
      ? 'NULL'
      : `(SELECT t.${legacyKey}::text FROM ${table} t
           WHERE ${key.map((c) => `t.${q(c)} = s.${q(c)}`).join(' AND ')} LIMIT 1)`;
  const { rows } = await tx.query(
    `SELECT s.${legacyKey}::text, ${holder}
       FROM ${stage} s
      WHERE s.${legacyKey} = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM ${table} t
                         WHERE t.x_source_system = $1 AND t.${legacyKey} = s.${legacyKey})`,
    [compiled.spec.source.system, skipped.map((l) => l.key)],
  );
  // A unique key the spec does not name refused them: the row-by-row retry quarantines
  // each with the target's own message (LOAD01).
  if (rows.length > 0 && key === undefined)
    throw new Error(
      `the target skipped ${rows.length} record(s) by a unique key the spec does not name`,
    );
  const byKey = new Map(skipped.map((l) => [l.key, l]));
  return rows.flatMap(([dupKey, holderKey]) => {
    const load = byKey.get(dupKey ?? '');
    return load === undefined ? [] : [duplicateOf(compiled, load, holderKey ?? '')];
  });
}

function duplicateOf(compiled: CompiledSpec, load: PendingLoad, holder: string): PendingQuarantine {
  const field = (compiled.targetUniqueKey ?? []).join('+');
  const value = (compiled.targetUniqueKey ?? []).map((c) => load.values[c] ?? '').join('|');
  return {
    key: load.key,
    reason: 'DUP001',
    field,
    message: `duplicate of record ${holder} (${field} ${JSON.stringify(value)})`,
    row: load.row,
  };
}

async function rowByRowInsert(
  tx: Db,
  ctx: WriteContext,
  loads: readonly PendingLoad[],
): Promise<Omit<ChunkResult, 'rowByRow'>> {
  const { compiled } = ctx;
  const q = (name: string): string => tx.dialect.quoteIdent(name);
  const columns = compiled.targetColumns;
  const p = (n: number): string => tx.dialect.placeholder(n);
  const insertSql =
    `INSERT INTO ${q(compiled.spec.target.table)} (${columns.map(q).join(', ')}, x_migration_batch) ` +
    `VALUES (${columns.map((_c, i) => p(i + 1)).join(', ')}, ${p(columns.length + 1)}) ${onConflict(tx, compiled)} RETURNING id`;
  const keyParams = [compiled.spec.source.system, compiled.spec.entity];
  let loaded = 0;
  let alreadyLoaded = 0;
  const rejected: PendingQuarantine[] = [];
  for (const load of loads) {
    const known = await tx.query(
      `SELECT 1 FROM ${q(compiled.spec.target.table)} WHERE x_source_system = $1 AND ${q(compiled.spec.target.legacyKey)} = $2`,
      [compiled.spec.source.system, load.key],
    );
    if (known.rows.length > 0) {
      alreadyLoaded++;
      continue;
    }
    try {
      const holder = await tx.transaction(async (sp) => {
        const { rows } = await sp.query(insertSql, [
          ...targetRow(compiled, load.values),
          ctx.batchId,
        ]);
        if (rows.length === 0) return heldBy(sp, compiled, load);
        await sp.query(
          'INSERT INTO migration.id_map (source_system, entity, legacy_id, new_id, batch_id) VALUES ($1, $2, $3, $4, $5)',
          [...keyParams, load.key, rows[0]?.[0] ?? null, ctx.batchId],
        );
        return undefined;
      });
      if (holder !== undefined) {
        rejected.push(duplicateOf(compiled, load, holder));
        continue;
      }
      loaded++;
    } catch (error) {
      rejected.push({
        key: load.key,
        reason: 'LOAD01',
        field: null,
        message: `rejected by the target: ${describeCause(error)}`,
        row: load.row,
      });
    }
  }
  return { loaded, alreadyLoaded, rejected };
}

// ON CONFLICT DO NOTHING inserted nothing: the record whose key the target already holds.
async function heldBy(tx: Db, compiled: CompiledSpec, load: PendingLoad): Promise<string> {
  const q = (name: string): string => tx.dialect.quoteIdent(name);
  const key = compiled.targetUniqueKey ?? [];
  const { rows } = await tx.query(
    `SELECT ${q(compiled.spec.target.legacyKey)}::text FROM ${q(compiled.spec.target.table)}
      WHERE ${key.map((c, i) => `${q(c)} = $${i + 1}`).join(' AND ')}`,
    targetRow(compiled, load.values, key),
  );
  return rows[0]?.[0] ?? '';
}

async function forgetPrior(tx: Db, ctx: WriteContext, chunk: Chunk): Promise<void> {
  const keys = [
    ...chunk.loads.map((l) => l.key),
    ...chunk.quarantines.map((q) => q.key),
    ...chunk.outOfScope.map((o) => o.key),
  ];
  const params = [ctx.compiled.spec.source.system, ctx.compiled.spec.entity, keys];
  for (const table of ['migration.quarantine', 'migration.out_of_scope']) {
    await tx.query(
      `DELETE FROM ${table} WHERE source_system = $1 AND entity = $2 AND legacy_key = ANY($3::text[])`,
      params,
    );
  }
}

/**
 * 'update' strategy: the later duplicate's values overwrite the surviving record's, found
 * by its (x_source_system, x_legacy_id): the survivor may come from another source. The
 * row's before-image goes to the undo log first, for the rollback.
 */
async function applyMerges(tx: Db, ctx: WriteContext, chunk: Chunk): Promise<void> {
  const { compiled } = ctx;
  const q = (name: string): string => tx.dialect.quoteIdent(name);
  const table = q(compiled.spec.target.table);
  const legacyKey = q(compiled.spec.target.legacyKey);
  for (const merge of chunk.merges) {
    const where = `x_source_system = $1 AND ${legacyKey} = $2`;
    const owner = [merge.intoSystem ?? compiled.spec.source.system, merge.intoKey];
    await tx.query(
      `INSERT INTO migration.undo_log (batch_id, table_name, row_id, before)
       SELECT $3, $4, id, to_jsonb(t) FROM ${table} t WHERE ${where}`,
      [...owner, ctx.batchId, compiled.spec.target.table],
    );
    const columns = Object.keys(merge.values).filter((c) => compiled.targetColumns.includes(c));
    const values = targetRow(compiled, merge.values, columns);
    await tx.query(
      `UPDATE ${table} SET ${columns.map((c, i) => `${q(c)} = $${i + 3}`).join(', ')} WHERE ${where}`,
      [...owner, ...values],
    );
  }
}

async function writeQuarantine(
  tx: Db,
  ctx: WriteContext,
  rows: readonly PendingQuarantine[],
): Promise<void> {
  if (rows.length === 0) return;
  const { system } = ctx.compiled.spec.source;
  const entity = ctx.compiled.spec.entity;
  await tx.bulkLoad(
    'migration.quarantine',
    [
      'batch_id',
      'source_system',
      'entity',
      'legacy_key',
      'reason_code',
      'field',
      'message',
      'record',
    ],
    rows.map(
      (r): RawRow => [
        ctx.batchId,
        system,
        entity,
        r.key,
        r.reason,
        r.field,
        r.message,
        JSON.stringify(r.row),
      ],
    ),
  );
}

async function writeOutOfScope(
  tx: Db,
  ctx: WriteContext,
  rows: Chunk['outOfScope'],
): Promise<void> {
  if (rows.length === 0) return;
  const { system } = ctx.compiled.spec.source;
  const entity = ctx.compiled.spec.entity;
  await tx.bulkLoad(
    'migration.out_of_scope',
    ['batch_id', 'source_system', 'entity', 'legacy_key', 'rule'],
    rows.map((r): RawRow => [ctx.batchId, system, entity, r.key, r.rule]),
  );
}

/**
 * Values as the target should parse them. UTC timestamps get an explicit '+00' so they mean
 * UTC whatever the session time zone of the target connection.
 */
function targetRow(
  compiled: CompiledSpec,
  values: Record<string, RawValue>,
  columns: readonly string[] = compiled.targetColumns,
): RawRow {
  const kinds = kindsOf(compiled);
  return columns.map((column) => {
    const value = values[column] ?? null;
    return value !== null && kinds.get(column) === 'timestamp-utc' ? `${value}+00` : value;
  });
}

const KINDS = new WeakMap<CompiledSpec, Map<string, CanonicalKind>>();

function kindsOf(compiled: CompiledSpec): Map<string, CanonicalKind> {
  let kinds = KINDS.get(compiled);
  if (kinds === undefined) {
    kinds = new Map(compiled.fields.map((f) => [f.spec.target, f.spec.kind]));
    KINDS.set(compiled, kinds);
  }
  return kinds;
}
