import { describe, expect, it } from 'vitest';
import { allWaves } from './index.ts';
import { waveDependencies, type PlanOptions } from './wave-dependencies.ts';

/** 'milk_production <- history_animals' per entity that waits for others. */
function waitsOf(wave: string, options?: PlanOptions): string[] {
  const entities = allWaves.find((w) => w.wave === wave)!.entities;
  return waveDependencies(entities, options).flatMap((deps, i) =>
    deps.length === 0
      ? []
      : [`${entities[i]!.spec.entity} <- ${deps.map((j) => entities[j]!.spec.entity).join(', ')}`],
  );
}

describe('waveDependencies', () => {
  it('wave 4: lines wait for their orders, entities with the same parents for each other; nothing waits for the Excel register', () => {
    expect(waitsOf('wave-4-history', { legacyPerEntity: true })).toEqual([
      'purchase_order_lines <- purchase_orders',
      // Both look up partners (customers and suppliers are one entity) and products.
      'sales_orders <- purchase_orders',
      'sales_order_lines <- purchase_order_lines, sales_orders',
      // The register writes the animals' table and dedupes against the farm app's.
      'register_animals <- history_animals',
      'milk_production <- history_animals',
      // The same animals as the milk readings.
      'health_records <- history_animals, milk_production',
      // The chart of accounts.
      'vouchers <- opening_balances',
      'voucher_lines <- opening_balances, vouchers',
    ]);
  });

  it('entities sharing one legacy connection wait for each other; with one each, only for their parents', () => {
    expect(waitsOf('wave-2-master-data')).toEqual([
      'products <- customers',
      'stock_on_hand <- customers, products',
    ]);
    expect(waitsOf('wave-2-master-data', { legacyPerEntity: true })).toEqual([
      'stock_on_hand <- products',
    ]);
  });

  it('the sales orders, the farm registry and the accounting exports never wait for each other', () => {
    const entities = allWaves.find((w) => w.wave === 'wave-4-history')!.entities;
    const names = entities.map((e) => e.spec.entity);
    const deps = waveDependencies(entities, { legacyPerEntity: true });
    const roots = names.filter((_n, i) => deps[i]!.length === 0);
    expect(roots).toEqual(['purchase_orders', 'history_animals', 'opening_balances']);
  });
});
