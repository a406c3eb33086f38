import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CellValue, Row } from 'exceljs';
import { CutoverError } from '../core/errors.ts';
import { sourceError } from '../core/source.ts';
import { gatherBatches } from './batches.ts';
import type { LegacySource, SourceValue } from '../core/source.ts';
import { TabularSource } from './tabular-source.ts';
import type { FileRow, TabularOptions } from './tabular-source.ts';

export interface XlsxSourceOptions extends TabularOptions {
  /** Name in messages; default 'file.xlsx#Sheet'. */
  name?: string;
}

/**
 * One sheet of a workbook, streamed with exceljs's WorkbookReader (the workbook is never
 * held whole). Cell text, consistently: a string cell as stored (so a number typed as text
 * stays '45,000'), a number cell as the shortest text of its value ('1234.5'), a date cell
 * as ISO 'YYYY-MM-DD' ('YYYY-MM-DDTHH:MM:SS' when it has a time), a boolean as 'TRUE' or
 * 'FALSE', a formula as its cached result, an empty cell as null. Not the displayed text:
 * number formats (thousands separators, dd/mm/yyyy) are presentation and are dropped.
 */
export async function xlsxSource(
  path: string,
  sheet: string,
  options: XlsxSourceOptions,
): Promise<LegacySource> {
  const name = options.name ?? `${basename(path)}#${sheet}`;
  try {
    await access(path);
  } catch (cause) {
    throw sourceError(name, `cannot read the file (${(cause as Error).message})`, undefined, cause);
  }
  const readRows = () => sheetRows(path, sheet, name);
  return TabularSource.open('xlsx', name, readRows, options);
}

async function* sheetRows(path: string, sheet: string, name: string): AsyncGenerator<FileRow[]> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // date cells are recognised by their number format
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as AsyncIterable<Row> & { name: string };
      seen.push(ws.name);
      if (ws.name !== sheet || found) {
        // A sheet's rows must be drained before the reader can move to the next entry.
        const rest = ws[Symbol.asyncIterator]();
        while (!(await rest.next()).done);
        continue;
      }
      found = true;
      // exceljs hands rows over one at a time; they go on in batches.
      yield* gatherBatches(ws, (row): FileRow => ({ cells: rowCells(row), row: row.number }));
    }
  } catch (cause) {
    if (cause instanceof CutoverError) throw cause;
    throw sourceError(
      name,
      `not a readable XLSX workbook (${(cause as Error).message})`,
      undefined,
      cause,
    );
  }
  if (!found) {
    throw sourceError(name, `no sheet '${sheet}' (sheets: ${seen.join(', ') || 'none'})`);
  }
}

function rowCells(row: Row): SourceValue[] {
  const values = row.values as CellValue[];
  const cells: SourceValue[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  return cells;
}

export function cellText(value: CellValue | undefined): SourceValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: CellValue }).result ?? null);
  }
  if ('error' in value) return String(value.error);
  if ('text' in value) return String(value.text);
  return String(value);
}

/** Excel dates have no zone: exceljs gives them as UTC instants, so UTC fields are the cell's. */
function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}
