/**
 * Port for reading one legacy record set: a MySQL table, a SQLite table, a CSV export or an
 * XLSX sheet. Values are raw text exactly as the source holds them (no trimming, no number
 * or date parsing): parsing is the rules' job, so a rule that mis-parses shows up as a
 * failed check instead of being hidden by a reader that "helped".
 */
import { CutoverError, ErrorCodes } from './errors.ts';

export type SourceValue = string | null;
/** One record, keyed by the source's own column names (CSV/XLSX: the header text, trimmed). */
export type SourceRecord = Record<string, SourceValue>;

export type SourceKind = 'mysql' | 'sqlite' | 'csv' | 'xlsx';

/** A record with where it came from, for error messages and quarantine entries. */
export interface LocatedRecord {
  record: SourceRecord;
  /**
   * 1-based. Files: the physical line (CSV, where the record starts) or sheet row (XLSX).
   * Databases: the record's ordinal in key order.
   */
  row: number;
}

export interface LegacySource extends AsyncDisposable {
  readonly kind: SourceKind;
  /** 'accounting/vouchers.csv', 'farm-register.xlsx#Register', 'legacy_mysql.sales_orders'. */
  readonly name: string;
  /** Column names in source order. */
  readonly columns: readonly string[];
  /** Columns that identify a record (the legacy key), in order. */
  readonly key: readonly string[];
  /** Data records (files: without preamble, header, blank lines and the totals row). */
  count(): Promise<number>;
  /** Records in source order (databases: key order). One pass per call; restartable. */
  stream(): AsyncIterable<SourceRecord>;
  /**
   * The same records with their row numbers. Each record is a new object the caller owns
   * and may keep or add to (the loader adds the row number to it).
   */
  rows(): AsyncIterable<LocatedRecord>;
  /**
   * The same records as rows(), several at a time (never an empty batch), for a consumer
   * that reads them all: an await per record and per layer between source and rules cost
   * about 0.2 µs each, more than some rules. The batches are the caller's, like the records.
   */
  batches(): AsyncIterable<LocatedRecord[]>;
  /** Human text for an error message: 'accounting/vouchers.csv row 17'. */
  location(row: number): string;
  /**
   * Files: the export's own totals row (first cell 'Total'), mapped to the header's columns,
   * so a check can compare it with the sum of the records; null when the file has none.
   * Databases: always null. Reads the file if it was not streamed to the end yet.
   */
  footer(): Promise<SourceRecord | null>;
  close(): Promise<void>;
}

/** Stable code of a bad legacy file or table (unreadable, malformed quoting, missing header, ragged row). */
export const SOURCE_INVALID = ErrorCodes.SOURCE_INVALID;

/** A bad source: names the file (or table) and, when known, the row, in message and details. */
export function sourceError(
  name: string,
  message: string,
  row?: number,
  cause?: unknown,
): CutoverError {
  const where = row === undefined ? name : `${name} row ${row}`;
  const details: Record<string, string | number> = { source: name };
  if (row !== undefined) details['row'] = row;
  return new CutoverError(SOURCE_INVALID, `${where}: ${message}`, {
    details,
    ...(cause === undefined ? {} : { cause }),
  });
}
