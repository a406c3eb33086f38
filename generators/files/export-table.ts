import type {
  DirtEntry,
  EntityExpectation,
  ManifestTotals,
  RegisterOverlap,
} from '../core/manifest.ts';
import type { ExportRow } from './export-cell.ts';

export type ExportFormat = 'csv' | 'xlsx';

/**
 * One exported record set (an accounting report, the farm register): what the file says
 * above the data, its header, its records (produced lazily, identical on every pass) and
 * its totals row, plus the ground truth known from the plan.
 */
export interface ExportTable {
  source: string;
  /** Table name in the manifest: the file's base name. */
  table: string;
  entity: string;
  /** Estate-relative path without extension, '/'-separated: 'accounting/vouchers'. */
  file: string;
  sheet: string;
  formats: readonly ExportFormat[];
  /** Lines above the header (title, period, a blank line). */
  preamble: readonly ExportRow[];
  header: readonly string[];
  key: readonly string[];
  rowCount: number;
  cells(): Iterable<ExportRow>;
  /** The totals row, valid after a complete pass of `cells()`; null when the file has none. */
  footer(): ExportRow | null;
  dirt: readonly DirtEntry[];
  expected: EntityExpectation;
  totals?(): Partial<ManifestTotals>;
  overlap?(): RegisterOverlap;
}
