import type { LoadResult } from '../etl/load-result.ts';
import type { EntitySpec } from '../rules/spec.ts';
import type { BundledWave } from './bundled-wave.ts';

/** What the generator's manifest expects of one legacy table (generators/core/manifest.ts). */
export interface ExpectedCounts {
  source: string;
  table: string;
  extracted: number;
  loaded: number;
  quarantined: number;
  outOfScope: number;
  quarantinedByReason: Partial<Record<string, number>>;
}

export interface Counts {
  extracted: number;
  loaded: number;
  quarantined: number;
  outOfScope: number;
  quarantinedByReason: Record<string, number>;
}

/** One legacy table: what the loads did, summed over the entities reading it. */
export interface TableReconciliation {
  /** The manifest's entity name (its legacy table). */
  entity: string;
  /** Our entities that read the table (open and history orders read sales_orders). */
  loadedBy: string[];
  expected: Counts;
  actual: Counts;
  matches: boolean;
}

/**
 * The loads against the generator's ground truth, per legacy table: loaded + quarantined +
 * out of scope = extracted, with quarantine reasons by code. Where several entities read
 * one table (a wave split), records a scope rule hands to the other entity (`elsewhere`)
 * are not counted, so every legacy record is counted once.
 */
export function reconcileWithManifest(
  results: readonly LoadResult[],
  expected: Readonly<Record<string, ExpectedCounts>>,
  waves: readonly BundledWave[],
): TableReconciliation[] {
  const specs = new Map(waves.flatMap((w) => w.entities.map((e) => [e.spec.entity, e.spec])));
  // Children inherit their parent's rule (an open order's lines), so the names plan-wide.
  const handedOver = new Set([...specs.values()].flatMap(elsewhereRules));
  return Object.entries(expected).map(([entity, want]) => {
    const readers = results.filter((r) => {
      const spec = specs.get(r.entity);
      return spec?.source.system === want.source && spec.source.table === want.table;
    });
    const actual = sumResults(readers, handedOver);
    const expectedCounts: Counts = {
      extracted: want.extracted,
      loaded: want.loaded,
      quarantined: want.quarantined,
      outOfScope: want.outOfScope,
      quarantinedByReason: withoutZeros(want.quarantinedByReason),
    };
    return {
      entity,
      loadedBy: readers.map((r) => r.entity),
      expected: expectedCounts,
      actual,
      matches: JSON.stringify(sorted(expectedCounts)) === JSON.stringify(sorted(actual)),
    };
  });
}

function sumResults(results: readonly LoadResult[], handedOver: ReadonlySet<string>): Counts {
  const sum = { extracted: 0, loaded: 0, quarantined: 0, outOfScope: 0 };
  const byReason: Record<string, number> = {};
  for (const r of results) {
    const elsewhere = Object.entries(r.outOfScopeByRule)
      .filter(([rule]) => handedOver.has(rule))
      .reduce((n, [, count]) => n + count, 0);
    sum.extracted += r.extracted - elsewhere;
    sum.loaded += r.loaded + r.alreadyLoaded;
    sum.quarantined += r.quarantined;
    sum.outOfScope += r.outOfScope - elsewhere;
    for (const [reason, n] of Object.entries(r.quarantineByReason))
      byReason[reason] = (byReason[reason] ?? 0) + n;
  }
  return { ...sum, quarantinedByReason: withoutZeros(byReason) };
}

function elsewhereRules(spec: EntitySpec): string[] {
  return (spec.scope ?? []).filter((r) => 'elsewhere' in r && r.elsewhere).map((r) => r.name);
}

function withoutZeros(counts: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => (n ?? 0) > 0)) as Record<
    string,
    number
  >;
}

function sorted(value: Counts): unknown {
  const reasons = Object.keys(value.quarantinedByReason).sort();
  return {
    ...value,
    quarantinedByReason: reasons.map((r) => [r, value.quarantinedByReason[r]]),
  };
}
