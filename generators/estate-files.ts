import { join } from 'node:path';
import type { GeneratorOptions } from './core/generator-input.ts';
import type { FileSummary, GeneratedTable, RegisterOverlap } from './core/manifest.ts';
import type { TableGeneration } from './core/table-generation.ts';
import { accountingTables } from './accounting/accounting-tables.ts';
import { writeFarmSqlite } from './farm/write-farm-sqlite.ts';
import { registerTable } from './farm/register.ts';
import type { ExportTable } from './files/export-table.ts';
import { summarizeFile, writeExportTable } from './files/write-export-table.ts';

export const FARM_SQLITE_FILE = 'farm/farm-app.sqlite';

export interface WrittenEstateFiles {
  tables: GeneratedTable[];
  files: Record<string, FileSummary>;
  overlap: RegisterOverlap | undefined;
  /** Rows per 'source.table', and milliseconds per source, for the bench. */
  rows: Record<string, number>;
  millis: Record<string, number>;
}

/**
 * Writes every file-based legacy source into `dir` (which must exist): the accounting
 * exports (CSV + XLSX), the farm register (XLSX) and the farm app's SQLite file.
 */
export async function writeEstateFiles(
  dir: string,
  options: GeneratorOptions,
  asOf: Date,
): Promise<WrittenEstateFiles> {
  const written: WrittenEstateFiles = {
    tables: [],
    files: {},
    overlap: undefined,
    rows: {},
    millis: {},
  };
  const exports: [string, ExportTable[]][] = [
    ['accounting_export', accountingTables(options)],
    ['farm_register', [registerTable(options)]],
  ];
  for (const [source, tables] of exports) {
    const started = performance.now();
    for (const table of tables) {
      const result = await writeExportTable(dir, table, asOf);
      Object.assign(written.files, result.files);
      written.tables.push({ generation: asGeneration(table), summary: result.summary });
      written.rows[`${table.source}.${table.table}`] = result.summary.rows;
      written.overlap ??= table.overlap?.();
    }
    written.millis[source] = Math.round(performance.now() - started);
  }
  const started = performance.now();
  const farm = await writeFarmSqlite(join(dir, FARM_SQLITE_FILE), options);
  written.millis['farm_app'] = Math.round(performance.now() - started);
  for (const t of farm) {
    written.tables.push(t);
    written.rows[`${t.generation.source}.${t.generation.table}`] = t.summary.rows;
  }
  written.files[FARM_SQLITE_FILE] = await summarizeFile(join(dir, FARM_SQLITE_FILE));
  return written;
}

/** An export seen as a table for the manifest (its rows were already written and digested). */
function asGeneration(table: ExportTable): TableGeneration {
  const generation: TableGeneration = {
    source: table.source,
    table: table.table,
    entity: table.entity,
    columns: table.header,
    rowCount: table.rowCount,
    rows: () => [],
    dirt: table.dirt,
    expected: table.expected,
  };
  if (table.totals !== undefined) generation.totals = table.totals;
  return generation;
}
