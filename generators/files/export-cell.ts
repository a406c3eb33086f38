/**
 * A cell of an export, before it is written as CSV or XLSX: the two formats render the
 * same record differently (CSV '"1,234.50"' and '31/12/2025'; XLSX a number cell and a
 * date cell with display formats), as the accounting package's two export buttons do.
 */
export type ExportCell =
  | string
  | null
  /** Exact decimal text, e.g. '1234.50' or '-3.125': CSV groups thousands, XLSX a #,##0.00 number. */
  | { amount: string }
  /** ISO 'YYYY-MM-DD': CSV dd/mm/yyyy, XLSX a date cell shown dd/mm/yyyy. */
  | { date: string }
  /** A plain number (decimal text): CSV as is, XLSX a number cell. */
  | { number: string };

export type ExportRow = readonly ExportCell[];

/** '1234567.5' -> '1,234,567.5' (the decimals are kept as given). */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const dot = body.indexOf('.');
  const whole = dot < 0 ? body : body.slice(0, dot);
  let grouped = '';
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += ',';
    grouped += whole[i];
  }
  return `${negative ? '-' : ''}${grouped}${dot < 0 ? '' : body.slice(dot)}`;
}

export function csvText(cell: ExportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if ('amount' in cell) return groupThousands(cell.amount);
  if ('date' in cell)
    return `${cell.date.slice(8, 10)}/${cell.date.slice(5, 7)}/${cell.date.slice(0, 4)}`;
  return cell.number;
}
