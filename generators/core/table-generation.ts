import type { RawRow } from '../../src/core/dialect.ts';
import type { DirtEntry, EntityExpectation } from './manifest.ts';

/**
 * One generated legacy table: its rows (re-iterable, produced lazily, identical on every
 * pass) and the ground truth known from the plan before any row is produced.
 */
export interface TableGeneration {
  /** Legacy system, e.g. 'legacy_mysql'. */
  source: string;
  table: string;
  /** Entity name in the manifest's `expected`, e.g. 'customers'. */
  entity: string;
  columns: readonly string[];
  rowCount: number;
  rows(): Iterable<RawRow>;
  dirt: readonly DirtEntry[];
  expected: EntityExpectation;
}
