import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileSummary, TableSummary } from '../core/manifest.ts';
import { createRowsDigest } from '../core/row-digest.ts';
import { CsvWriter } from './csv-writer.ts';
import { csvText } from './export-cell.ts';
import type { ExportRow } from './export-cell.ts';
import type { ExportTable } from './export-table.ts';
import { XlsxWriter } from './xlsx-writer.ts';

export interface WrittenExport {
  /** Estate-relative path -> size and sha256. */
  files: Record<string, FileSummary>;
  /** Rows and checksum of the records (CSV text of each cell, LOAD DATA row form). */
  summary: TableSummary;
}

/**
 * Writes one export in each of its formats in a single pass over its records: preamble,
 * header, records, totals row. Both writers stream and wait for their file to drain.
 */
export async function writeExportTable(
  dir: string,
  table: ExportTable,
  timestamp: Date,
): Promise<WrittenExport> {
  const paths = table.formats.map((f) => `${table.file}.${f}`);
  await mkdir(dirname(join(dir, paths[0]!)), { recursive: true });
  const csv = table.formats.includes('csv') ? new CsvWriter(join(dir, `${table.file}.csv`)) : null;
  const xlsx = table.formats.includes('xlsx')
    ? await XlsxWriter.create(join(dir, `${table.file}.xlsx`), table.sheet, timestamp)
    : null;
  const digest = createRowsDigest();
  const emit = async (row: ExportRow, header = false): Promise<void> => {
    if (csv !== null) await csv.row(row);
    if (xlsx !== null) await xlsx.row(row, header);
  };
  try {
    for (const row of table.preamble) await emit(row);
    await emit(table.header, true);
    for (const row of table.cells()) {
      digest.update(row.map(csvText));
      await emit(row);
    }
    const footer = table.footer();
    if (footer !== null) await emit(footer);
    await csv?.close();
    await xlsx?.close();
  } catch (error) {
    csv?.destroy();
    xlsx?.destroy();
    throw error;
  }
  const files: Record<string, FileSummary> = {};
  for (const path of paths) files[path] = await summarizeFile(join(dir, path));
  return { files, summary: { rows: digest.rows, checksum: digest.checksum() } };
}

export async function summarizeFile(path: string): Promise<FileSummary> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { bytes: (await stat(path)).size, sha256: hash.digest('hex') };
}
