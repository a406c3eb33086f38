import type { Db } from '../core/dialect.ts';
import { RECORD_BOOKKEEPING } from './rollback-order.ts';

// The record bookkeeping is partitioned by batch (fixtures/target/00-migration.sql): each
// batch loadWave opens writes its id_map, quarantine and out-of-scope rows to partitions of
// its own, which a rollback of the batch empties with TRUNCATE. Deleting wave 4's 0.9
// million bookkeeping rows of doc one by one was 0.8 s of its 1 s rollback, and every later
// scan still read the dead rows.

/** How long a partition's DDL waits for another session's lock before giving up on it. */
const PARTITION_LOCK_TIMEOUT_MS = 5000;

/**
 * Creates each batch's partition in every partitioned bookkeeping table, before the
 * batches write to them: a partition is DDL, which would wait for every concurrent load's
 * lock. Idempotent. A partition is only a faster rollback, never a condition of the load:
 * one that cannot be made (the batch's rows already sit in the default partition, or
 * another session holds the table longer than PARTITION_LOCK_TIMEOUT_MS) is left out, and
 * its batch's rows go to the default partition as before. Returns those left out, as
 * 'table batch'. Does nothing on a target whose bookkeeping tables are not partitioned.
 */
export async function ensureBookkeepingPartitions(
  target: Db,
  batchIds: readonly string[],
  options: { lockTimeoutMs?: number } = {},
): Promise<string[]> {
  if (target.dialect.name !== 'postgres' || batchIds.length === 0) return [];
  const lockTimeoutMs = Math.trunc(options.lockTimeoutMs ?? PARTITION_LOCK_TIMEOUT_MS);
  // Statements quoted by the server (format's %I and %L), whatever the batch id holds. A
  // name past PostgreSQL's 63 bytes would be cut: it is then the table's name and an MD5
  // of the batch id, ASCII and unique.
  const { rows } = await target.query(
    `SELECT p.table_name, p.batch_id,
            (SELECT partdefid::regclass::text FROM pg_partitioned_table
              WHERE partrelid = p.parent AND partdefid <> 0),
            format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.%I FOR VALUES IN (%L)',
                   p.schema,
                   CASE WHEN octet_length(p.relname || '/' || p.batch_id) <= 63
                        THEN p.relname || '/' || p.batch_id
                        ELSE p.relname || '~' || md5(p.batch_id) END,
                   p.schema, p.relname, p.batch_id)
       FROM (SELECT t.name AS table_name, split_part(t.name, '.', 1) AS schema,
                    split_part(t.name, '.', 2) AS relname, to_regclass(t.name) AS parent,
                    b.batch_id
               FROM unnest($1::text[]) AS t(name) CROSS JOIN unnest($2::text[]) AS b(batch_id)) p
      WHERE (SELECT relkind FROM pg_class WHERE oid = p.parent) = 'p'
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = p.parent
                           AND ${boundIs('i.inhrelid', 'p.batch_id')})`,
    [RECORD_BOOKKEEPING, batchIds],
  );
  const leftOut: string[] = [];
  for (const [table, batchId, defaultPartition, create] of rows) {
    if (table == null || batchId == null || create == null) continue;
    const made = await target
      .transaction(async (tx) => {
        await tx.exec(`SET LOCAL lock_timeout = ${lockTimeoutMs}`);
        if (defaultPartition != null) {
          const { rows: held } = await tx.query(
            `SELECT EXISTS (SELECT 1 FROM ${defaultPartition} WHERE batch_id = $1)`,
            [batchId],
          );
          if (held[0]?.[0] !== 'f') return false;
        }
        await tx.exec(create);
        return true;
      })
      .catch(() => false);
    if (!made) leftOut.push(`${table} ${batchId}`);
  }
  return leftOut;
}

/**
 * Empties with one TRUNCATE the partitions of the given batches (each holds its batch's
 * rows and no other's, by its bound): what is left of the batches, in the default
 * partitions, is the caller's DELETE to find. Returns the rows removed per table.
 * PostgreSQL only (its TRUNCATE is transactional): call it inside the rollback's
 * transaction.
 */
export async function truncateBatchPartitions(
  tx: Db,
  tables: readonly string[],
  batchIds: readonly string[],
): Promise<Map<string, number>> {
  const removed = new Map<string, number>();
  if (tx.dialect.name !== 'postgres' || tables.length === 0 || batchIds.length === 0)
    return removed;
  const { rows: partitions } = await tx.query(
    `SELECT t.name, i.inhrelid::regclass::text
       FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)
       JOIN pg_inherits i ON i.inhparent = to_regclass(t.name)
      WHERE EXISTS (SELECT 1 FROM unnest($2::text[]) AS b(batch_id)
                     WHERE ${boundIs('i.inhrelid', 'b.batch_id')})
      ORDER BY t.n, i.inhrelid`,
    [tables, batchIds],
  );
  if (partitions.length === 0) return removed;
  // Counted for the rollback's report, all in one round trip.
  const { rows } = await tx.query(
    `SELECT ${partitions.map(([, partition]) => `(SELECT count(*) FROM ${partition})`).join(', ')}`,
  );
  const holding: string[] = [];
  partitions.forEach(([table, partition], i) => {
    const count = Number(rows[0]?.[i] ?? 0);
    // An empty partition is left alone: a TRUNCATE still replaces its files.
    if (count === 0 || table == null || partition == null) return;
    holding.push(partition);
    removed.set(table, (removed.get(table) ?? 0) + count);
  });
  if (holding.length > 0) await tx.exec(`TRUNCATE ${holding.join(', ')}`);
  return removed;
}

// True when the partition `relid` takes exactly the one value `batchId`: its bound as the
// server prints it (a text literal with quotes doubled, backslashes as they are).
function boundIs(relid: string, batchId: string): string {
  return `pg_get_expr((SELECT relpartbound FROM pg_class WHERE oid = ${relid}), ${relid})
            = 'FOR VALUES IN (''' || replace(${batchId}, '''', '''''') || ''')'`;
}
