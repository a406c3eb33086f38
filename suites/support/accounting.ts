/**
 * What the accounting suites of wave 4 share (the voucher lines, the opening balances): a
 * net amount in exact decimals. Public API only.
 */
import { fromMinorUnits, toMinorUnits } from 'cutover';

/** Debit minus credit, exact to the paisa. */
export function net(debit: string | null | undefined, credit: string | null | undefined): string {
  return fromMinorUnits(toMinorUnits(debit ?? '0', 2) - toMinorUnits(credit ?? '0', 2), 2);
}
