import { basename } from 'node:path';
import type { LegacySource } from '../core/source.ts';
import { csvRecords } from './csv-records.ts';
import { TabularSource } from './tabular-source.ts';
import type { FileRow, TabularOptions } from './tabular-source.ts';

export interface CsvSourceOptions extends TabularOptions {
  /** Name in messages; default the file name. */
  name?: string;
  delimiter?: string;
}

/**
 * An accounting-style CSV export: preamble lines, a header row (found by its key columns),
 * data rows, a totals row (the footer). Values are the fields' text; CSV has no NULL, so
 * an empty field is ''. Row numbers are the line a record starts on.
 */
export async function csvSource(path: string, options: CsvSourceOptions): Promise<LegacySource> {
  const name = options.name ?? basename(path);
  const delimiter = options.delimiter ?? ',';
  // The parser's records are FileRows already, a read's worth at a time.
  const readRows = (): AsyncIterable<FileRow[]> => csvRecords(path, name, delimiter);
  return TabularSource.open('csv', name, readRows, options);
}
