/**
 * What the three accounting suites of wave 4 share (the day book's vouchers, their lines,
 * the opening balances): a check that reports skipped for an entity this run did not load,
 * and a net amount in exact decimals. Public API only.
 */
import {
  fromMinorUnits,
  skippedResult,
  toMinorUnits,
  type CheckMeta,
  type CheckResult,
} from 'cutover';
import type { Migration } from 'cutover/vitest';

export function ifLoadedIn(m: Migration) {
  return (entity: string, run: (meta: CheckMeta) => Promise<CheckResult>) => (meta: CheckMeta) =>
    m.loaded(entity)
      ? run(meta)
      : Promise.resolve(skippedResult(meta, `no bundled loader ran for ${entity} in this run`));
}

/** Debit minus credit, exact to the paisa. */
export function net(debit: string | null | undefined, credit: string | null | undefined): string {
  return fromMinorUnits(toMinorUnits(debit ?? '0', 2) - toMinorUnits(credit ?? '0', 2), 2);
}
