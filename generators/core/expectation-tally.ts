import type { ReasonCode } from '../../src/rules/spec.ts';
import type { EntityExpectation } from './manifest.ts';

/**
 * Counts what a correct loader must report for one entity, record by record, from the
 * plan: planted dirt and the records that follow a rejected parent (order lines of a
 * quarantined order are quarantined ORPH01, lines of an out-of-window order are out of scope).
 */
export class ExpectationTally {
  readonly expected: EntityExpectation;

  constructor(source: string, table: string) {
    this.expected = {
      source,
      table,
      extracted: 0,
      outOfScope: 0,
      outOfScopeByRule: {},
      quarantined: 0,
      quarantinedByReason: {},
      loaded: 0,
      loadedAfterFix: 0,
      breakdown: {},
    };
  }

  loaded(fixed = false): void {
    this.expected.extracted++;
    this.expected.loaded++;
    if (fixed) this.expected.loadedAfterFix++;
  }

  quarantined(reason: ReasonCode): void {
    this.expected.extracted++;
    this.expected.quarantined++;
    this.expected.quarantinedByReason[reason] =
      (this.expected.quarantinedByReason[reason] ?? 0) + 1;
  }

  outOfScope(rule: string): void {
    this.expected.extracted++;
    this.expected.outOfScope++;
    this.expected.outOfScopeByRule[rule] = (this.expected.outOfScopeByRule[rule] ?? 0) + 1;
  }

  /** One record by its dirt entry fields (reason, rule or neither). */
  record(reason: ReasonCode | undefined, rule: string | undefined, dirty: boolean): void {
    if (rule !== undefined) this.outOfScope(rule);
    else if (reason !== undefined) this.quarantined(reason);
    else this.loaded(dirty);
  }

  count(name: string, n = 1): void {
    this.expected.breakdown[name] = (this.expected.breakdown[name] ?? 0) + n;
  }
}
