import type { RawRow } from '../../src/core/dialect.ts';
import type { DirtEntry, EntityExpectation, ManifestTotals } from './manifest.ts';

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
  /**
   * The manifest's sums (ManifestTotals keys) gathered during the last complete pass of
   * `rows()`: they come from the generated values themselves, never from a loader.
   */
  totals?(): Partial<ManifestTotals>;
}
