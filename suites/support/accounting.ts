/**
 * What the accounting suites of wave 4 share (the voucher lines, the opening balances): a
 * net amount in exact decimals, and the net per group of the rules' records set against
 * the target's within BDT 1.00. Public API only.
 */
import { fromMinorUnits, toMinorUnits, type AggregateOptions, type EntitySpec } from 'cutover';
import type { Migration } from 'cutover/vitest';

/** Debit minus credit, exact to the paisa. */
export function net(debit: string | null | undefined, credit: string | null | undefined): string {
  return fromMinorUnits(toMinorUnits(debit ?? '0', 2) - toMinorUnits(credit ?? '0', 2), 2);
}

/**
 * Debit minus credit per group of every record the rules load (`group` names it from the
 * record's key and target values) against `targetSql` (group, net) on the target.
 */
export async function netPerGroup(
  m: Migration,
  spec: EntitySpec,
  source: {
    label: string;
    group: (key: string, values: Readonly<Record<string, string | null>>) => string;
  },
  targetSql: string,
): Promise<AggregateOptions> {
  const rows = (await m.expectations(spec)).flatMap((e) =>
    e.present
      ? [[source.group(e.key, e.values), net(e.values['debit'], e.values['credit'])] as const]
      : [],
  );
  return {
    source: { label: source.label, rows },
    target: { label: 'target', db: m.target, sql: targetSql },
    tolerance: '1.00',
    unit: 'BDT',
  };
}
