import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../etl/load-result.ts';
import { allWaves } from './index.ts';
import { reconcileWithManifest } from './reconcile-manifest.ts';

const result = (entity: string, over: Partial<LoadResult>): LoadResult => ({
  batchId: `r/${entity}`,
  wave: 'w',
  entity,
  extracted: 0,
  loaded: 0,
  alreadyLoaded: 0,
  quarantined: 0,
  outOfScope: 0,
  quarantineByReason: {},
  outOfScopeByRule: {},
  chunks: 1,
  rowByRowChunks: 0,
  durationMs: 1,
  ...over,
});

describe('reconcileWithManifest', () => {
  it('sums the entities of a wave split, leaving out what a rule hands to the other wave', () => {
    const results = [
      result('open_sales_orders', {
        extracted: 10,
        loaded: 2,
        quarantined: 1,
        outOfScope: 7,
        quarantineByReason: { MIG003: 1 },
        outOfScopeByRule: { 'not-open-order': 7 },
      }),
      result('sales_orders', {
        extracted: 10,
        loaded: 4,
        quarantined: 1,
        outOfScope: 5,
        quarantineByReason: { ORPH01: 1 },
        outOfScopeByRule: { 'open-order-wave-3': 3, 'two-year-window': 2 },
      }),
    ];
    const [row] = reconcileWithManifest(
      results,
      {
        sales_orders: {
          source: 'legacy_mysql',
          table: 'sales_orders',
          extracted: 10,
          loaded: 6,
          quarantined: 2,
          outOfScope: 2,
          quarantinedByReason: { ORPH01: 1, MIG003: 1, DUP001: 0 },
        },
      },
      allWaves,
    );
    expect(row).toMatchObject({ matches: true, loadedBy: ['open_sales_orders', 'sales_orders'] });
  });
});
