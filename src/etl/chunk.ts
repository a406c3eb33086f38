import type { RawValue } from '../core/dialect.ts';
import type { Merge } from '../rules/deduplicator.ts';
import type { LegacyRow, ReasonCode } from '../rules/spec.ts';

export interface PendingLoad {
  key: string;
  values: Record<string, RawValue>;
  row: LegacyRow;
}

export interface PendingQuarantine {
  key: string;
  reason: ReasonCode;
  field: string | null;
  message: string;
  row: LegacyRow;
}

export interface PendingMerge extends Merge {
  fromKey: string;
}

/** Outcomes of up to `batchSize` legacy records, written in one transaction. */
export interface Chunk {
  extracted: number;
  loads: PendingLoad[];
  quarantines: PendingQuarantine[];
  outOfScope: { key: string; rule: string }[];
  merges: PendingMerge[];
}

export function emptyChunk(): Chunk {
  return { extracted: 0, loads: [], quarantines: [], outOfScope: [], merges: [] };
}

export interface ChunkResult {
  loaded: number;
  alreadyLoaded: number;
  /**
   * Records the target refused: LOAD01 on the row-by-row retry, DUP001 where its UNIQUE
   * constraint finds duplicates (DedupeSpec.enforcedByTarget).
   */
  rejected: PendingQuarantine[];
  rowByRow: boolean;
}
