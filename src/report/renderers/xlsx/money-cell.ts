/**
 * Money stays exact in the workbook. Excel holds every number as a binary double and shows
 * at most 15 significant digits, so a decimal string is written as a number only when it
 * has 15 significant digits or fewer: then the double nearest to it shows as exactly the
 * same decimal in Excel and sums the way the figure reads. A longer figure (a BDT amount of
 * 10^13 or more with paise) would be silently rounded, so it is written as text instead,
 * right-aligned, and the figure a signer reads is still the one the databases hold.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export type ExactCell = { kind: 'number'; value: number } | { kind: 'text'; value: string };

export function exactDecimalCell(value: string): ExactCell {
  const match = DECIMAL.exec(value.trim());
  if (match === null) return { kind: 'text', value };
  const [, , whole = '', fraction = ''] = match;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits.length > 15) return { kind: 'text', value };
  const number = Number(value);
  // Guard the reasoning above with the actual round trip.
  if (number.toFixed(fraction.length) !== normalise(value, fraction.length))
    return { kind: 'text', value };
  return { kind: 'number', value: number };
}

function normalise(value: string, scale: number): string {
  const negative = value.trim().startsWith('-');
  const unsigned = value.trim().replace(/^-/, '');
  const [whole = '0', fraction = ''] = unsigned.split('.');
  const text = `${whole.replace(/^0+(?=\d)/, '')}${scale > 0 ? '.' + fraction : ''}`;
  // (-0).toFixed() drops the sign; so does this.
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}
