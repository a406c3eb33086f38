import type { Worksheet, stream } from 'exceljs';
import { exactDecimalCell } from './money-cell.ts';

export const FORMATS = {
  money: '#,##0.00',
  count: '#,##0',
  percent: '0.00%',
  seconds: '#,##0.000',
} as const;

/** A cell: plain text or number, or an exact decimal string written by `exactDecimalCell`. */
export type Cell =
  | string
  | number
  | null
  | Date
  | { decimal: string; format?: string }
  | { value: number; format: string };

export interface Column {
  header: string;
  width: number;
  /** Number format for plain numbers in this column. */
  format?: string;
}

export interface TableOptions {
  /** Header of the column coloured by status (PASS, FAIL, ACCEPTED, WARN, ERROR). */
  statusColumn?: string;
}

const HEADER_FILL = 'FF1C2430';
const STATUS_FILLS: Record<string, string> = {
  PASS: 'FFD7F0DF',
  FAIL: 'FFF8D3D3',
  ERROR: 'FFF8D3D3',
  ACCEPTED: 'FFFCE8C3',
  WARN: 'FFFFF4C2',
  SKIPPED: 'FFE5E8EC',
};

/**
 * Writes one sheet, streamed row by row: a frozen, filterable header, number formats per
 * column or cell, and status colours as conditional formats (so they follow a re-sort).
 */
export function writeTable(
  workbook: stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly Column[],
  rows: Iterable<readonly Cell[]>,
  options: TableOptions = {},
): number {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  header.commit();
  let count = 0;
  for (const values of rows) {
    const row = sheet.addRow([]);
    values.forEach((value, i) => setCell(row.getCell(i + 1), value, columns[i]?.format));
    row.commit();
    count++;
  }
  const lastRow = Math.max(2, count + 1);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: columns.length } };
  const statusIndex = columns.findIndex((c) => c.header === options.statusColumn);
  if (statusIndex >= 0 && count > 0) addStatusColours(sheet, statusIndex + 1, lastRow);
  sheet.commit();
  return count;
}

function setCell(cell: ReturnType<Worksheet['getCell']>, value: Cell, format?: string): void {
  if (value === null) return;
  if (typeof value === 'string' || value instanceof Date) {
    cell.value = value;
    return;
  }
  if (typeof value === 'number') {
    cell.value = value;
    if (format !== undefined) cell.numFmt = format;
    return;
  }
  if ('value' in value) {
    cell.value = value.value;
    cell.numFmt = value.format;
    return;
  }
  const exact = exactDecimalCell(value.decimal);
  cell.value = exact.value;
  if (exact.kind === 'number') {
    const fmt = value.format ?? format;
    if (fmt !== undefined) cell.numFmt = fmt;
  } else cell.alignment = { horizontal: 'right' };
}

function addStatusColours(sheet: Worksheet, column: number, lastRow: number): void {
  const letter = columnLetter(column);
  sheet.addConditionalFormatting({
    ref: `${letter}2:${letter}${lastRow}`,
    rules: Object.entries(STATUS_FILLS).map(([status, argb], i) => ({
      type: 'expression',
      priority: i + 1,
      formulae: [`$${letter}2="${status}"`],
      style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb } } },
    })),
  });
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
