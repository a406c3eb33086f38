import type { Db } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';

export interface LedgerEntry {
  batchId: string;
  wave: string;
  entity: string;
}

export interface LedgerCounts {
  extracted: number;
  loaded: number;
  alreadyLoaded: number;
  quarantined: number;
  outOfScope: number;
}

/**
 * Opens (or reopens, for a re-run under the same id) the batch as 'running'. A reopened
 * batch starts with no quarantine or out-of-scope rows: this run records its own.
 */
export async function openBatch(target: Db, entry: LedgerEntry): Promise<void> {
  await target.transaction(async (tx) => {
    const opened = await tx.query(
      `INSERT INTO migration.batch (batch_id, wave, entity, status)
       VALUES ($1, $2, $3, 'running')
       ON CONFLICT (batch_id) DO UPDATE
         SET status = 'running', wave = EXCLUDED.wave, started_at = now(), finished_at = NULL,
             extracted = 0, loaded = 0, already_loaded = 0, quarantined = 0, out_of_scope = 0, message = NULL
         WHERE migration.batch.entity = EXCLUDED.entity
       RETURNING batch_id`,
      [entry.batchId, entry.wave, entry.entity],
    );
    if (opened.rows.length === 0) {
      throw new CutoverError(
        ErrorCodes.CONFIG_INVALID,
        `batch id '${entry.batchId}' is already used for another entity; give each entity load its own batch id`,
        { details: { batchId: entry.batchId, entity: entry.entity } },
      );
    }
    await tx.query('DELETE FROM migration.quarantine WHERE batch_id = $1', [entry.batchId]);
    await tx.query('DELETE FROM migration.out_of_scope WHERE batch_id = $1', [entry.batchId]);
  });
}

export async function closeBatch(
  target: Db,
  batchId: string,
  status: 'done' | 'failed',
  counts: LedgerCounts,
  message: string | null = null,
): Promise<void> {
  await target.query(
    `UPDATE migration.batch
        SET status = $2, finished_at = now(), extracted = $3, loaded = $4, already_loaded = $5,
            quarantined = $6, out_of_scope = $7, message = $8
      WHERE batch_id = $1`,
    [
      batchId,
      status,
      counts.extracted,
      counts.loaded,
      counts.alreadyLoaded,
      counts.quarantined,
      counts.outOfScope,
      message,
    ],
  );
}

/**
 * Commits a no-op update of the batches' ledger rows synchronously, whatever the server's
 * setting: the WAL is then flushed past every commit before it. Until it is, PostgreSQL
 * does not set the hint bits of rows committed asynchronously (the harness's throwaway
 * servers run synchronous_commit=off, and the commit LSN is kept per group of 32
 * transactions, so one later asynchronous commit holds back its neighbours too), and a
 * VACUUM cannot mark their pages all-visible.
 */
export async function flushCommits(target: Db, batchIds: readonly string[]): Promise<void> {
  await target.transaction(async (tx) => {
    await tx.exec('SET LOCAL synchronous_commit = on');
    // A transaction that writes nothing commits without waiting for the WAL.
    await tx.query(
      'UPDATE migration.batch SET finished_at = finished_at WHERE batch_id = ANY($1::text[])',
      [batchIds],
    );
  });
}
