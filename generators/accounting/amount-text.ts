import { fixed } from '../core/decimal.ts';

/**
 * Decimal text of an amount in mils: 2 decimals as exports print money, 3 only when a
 * planted third decimal is there ('1234.565').
 */
export function amountText(mils: number | bigint): string {
  const text = fixed(mils, 3);
  return text.endsWith('0') ? text.slice(0, -1) : text;
}
