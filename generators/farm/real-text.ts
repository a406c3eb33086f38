import { fixed } from '../core/decimal.ts';

/**
 * How SQLite prints a REAL: shortest decimal, with '.0' when integral ('45000.0', '12.4').
 * Generating the text this way means the raw text read back from the file equals the
 * generated text, so the manifest's checksums hold for the SQLite source too.
 */
export function realText(units: number, scale: number): string {
  let text = fixed(units, scale);
  if (scale === 0) return `${text}.0`;
  while (text.endsWith('0') && !text.endsWith('.0')) text = text.slice(0, -1);
  return text;
}
