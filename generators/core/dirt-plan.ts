import type { ReasonCode } from '../../src/rules/spec.ts';
import type { DirtEntry } from './manifest.ts';
import { FastRng } from './fast-rng.ts';

/** What a correct loader does with a record of one dirt kind. */
export type KindOutcome = { quarantine: ReasonCode } | { outOfScope: string } | { fixed: true };

export interface KindSpec {
  /** Share of the table's eligible rows, in basis points (1/100 of a percent). */
  basisPoints: number;
  field: string;
  outcome: KindOutcome;
}

export type KindTable = Readonly<Record<string, KindSpec>>;

/** Kind code per row: 0 = plain, k = the k-th kind of the table (1-based), OUT_OF_WINDOW. */
export const OUT_OF_WINDOW = 255;
export const WINDOW_RULE = 'two-year-window';

/**
 * Which kind each row carries, decided before any row exists: a typed array (one byte a
 * row), exact counts, one kind per row. `eligible(kind, row, kinds)` lets a kind need a row
 * of a certain shape (a born calf for a missing parent, a two-line voucher for excess
 * decimals) and see the kinds given so far (a duplicate must follow a loadable row).
 */
export class DirtPlan<K extends string> {
  readonly kinds: Uint8Array;
  readonly names: readonly K[];

  constructor(
    readonly table: KindTable & Record<K, KindSpec>,
    rows: number,
    seed: number,
    stream: string,
    options: {
      outOfWindow?: (row: number) => boolean;
      eligible?: (kind: K, row: number, kinds: Uint8Array) => boolean;
    } = {},
  ) {
    this.names = Object.keys(table) as K[];
    this.kinds = new Uint8Array(rows);
    let inWindow = rows;
    if (options.outOfWindow !== undefined) {
      for (let i = 0; i < rows; i++) {
        if (options.outOfWindow(i)) {
          this.kinds[i] = OUT_OF_WINDOW;
          inWindow--;
        }
      }
    }
    const rng = new FastRng(seed, stream);
    this.names.forEach((name, k) => {
      const count = plannedCount(table[name].basisPoints, inWindow);
      let placed = 0;
      // Rejection sampling: dirt is a small share, so free rows are found in a few draws.
      for (let attempt = 0; placed < count && attempt < count * 200 + 1000; attempt++) {
        const row = rng.int(0, rows - 1);
        if (this.kinds[row] !== 0) continue;
        if (options.eligible !== undefined && !options.eligible(name, row, this.kinds)) continue;
        this.kinds[row] = k + 1;
        placed++;
      }
    });
  }

  kindAt(row: number): K | 'out-of-window' | undefined {
    const code = this.kinds[row]!;
    if (code === 0) return undefined;
    if (code === OUT_OF_WINDOW) return 'out-of-window';
    return this.names[code - 1];
  }

  /** Plain or repairable: the record loads. Out-of-window records do not. */
  loads(row: number): boolean {
    const code = this.kinds[row]!;
    if (code === 0) return true;
    if (code === OUT_OF_WINDOW) return false;
    return 'fixed' in this.table[this.names[code - 1]!].outcome;
  }

  isOutOfWindow(row: number): boolean {
    return this.kinds[row] === OUT_OF_WINDOW;
  }

  /** The manifest entry of row `row`, or undefined for a plain row. */
  entry(
    source: string,
    table: string,
    row: number,
    key: string,
    windowField: string,
  ): DirtEntry | undefined {
    const kind = this.kindAt(row);
    if (kind === undefined) return undefined;
    if (kind === 'out-of-window') {
      return { source, table, key, kind, field: windowField, rule: WINDOW_RULE };
    }
    const spec = this.table[kind];
    const entry: DirtEntry = { source, table, key, kind, field: spec.field };
    if ('quarantine' in spec.outcome) entry.reason = spec.outcome.quarantine;
    if ('outOfScope' in spec.outcome) entry.rule = spec.outcome.outOfScope;
    return entry;
  }
}

/** Exact planted count of a kind: known in advance, at least one when there are rows. */
export function plannedCount(basisPoints: number, rows: number): number {
  return rows === 0 ? 0 : Math.max(1, Math.floor((rows * basisPoints) / 10_000));
}
