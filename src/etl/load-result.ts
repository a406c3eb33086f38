import type { LoadEvidence } from '../core/evidence.ts';

/**
 * What one entity load did. Every extracted legacy record is counted exactly once:
 *   extracted = loaded + alreadyLoaded + quarantined + outOfScope
 */
export interface LoadResult {
  batchId: string;
  wave: string;
  entity: string;
  extracted: number;
  /** Inserted into the target by this batch. */
  loaded: number;
  /** Already in migration.id_map from an earlier batch (a re-run): left as they are. */
  alreadyLoaded: number;
  quarantined: number;
  outOfScope: number;
  /** Quarantined records per reason code (MIG003, MIG004, DUP001, LOAD01, ...). */
  quarantineByReason: Record<string, number>;
  /** Out-of-scope records per rule (two-year-window, open-order-wave-3, ...). */
  outOfScopeByRule: Record<string, number>;
  /** Transactions committed (one per chunk of `batchSize` legacy records). */
  chunks: number;
  /** Chunks the target rejected as a whole and that were retried row by row. */
  rowByRowChunks: number;
  durationMs: number;
}

export interface LoadProgress {
  entity: string;
  extracted: number;
  loaded: number;
  alreadyLoaded: number;
  quarantined: number;
  outOfScope: number;
}

/**
 * The evidence model has no `alreadyLoaded`: records an earlier batch migrated are in the
 * target, so the evidence counts them as loaded and the sum still equals `extracted`.
 */
export function toLoadEvidence(result: LoadResult): LoadEvidence {
  return {
    wave: result.wave,
    entity: result.entity,
    batchId: result.batchId,
    extracted: result.extracted,
    loaded: result.loaded + result.alreadyLoaded,
    quarantined: result.quarantined,
    outOfScope: result.outOfScope,
    quarantineByReason: { ...result.quarantineByReason },
    durationMs: result.durationMs,
  };
}
