import type { Expectation } from '../checks/record-checksum.ts';
import { windowStart } from '../checks/history-window.ts';
import type { RunContext } from './run-context.ts';

/** Keys the rules keep out of the target (quarantined or out of scope), from the oracle. */
export function keysRuledOut(expectations: readonly Expectation[]): Set<string> {
  return new Set(expectations.filter((e) => !e.present).map((e) => e.key));
}

/**
 * Whether this run's target holds the entity: always in check-only mode (someone else
 * migrated it); in a rehearsal only when a bundled loader ran for it.
 */
export function entityLoaded(context: RunContext, entity: string): boolean {
  return context.mode === 'check-only' || (context.batches[entity]?.length ?? 0) > 0;
}

/** Start of the run's history window, UTC text, from the pinned asOf (never NOW()). */
export function runWindowStart(context: RunContext, years = 2): string {
  return windowStart(context.asOf, years);
}
