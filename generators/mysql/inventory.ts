import type { RawRow } from '../../src/core/dialect.ts';
import { dhakaDateTime } from '../core/dhaka-clock.ts';
import { fixed } from '../core/decimal.ts';
import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry } from '../core/manifest.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { estateContext } from '../estate-context.ts';
import { MYSQL_SOURCE } from './categories.ts';
import { productPlan } from './product-plan.ts';

export const INVENTORY_KINDS = {
  'negative-quantity': { basisPoints: 800, field: 'quantity', outcome: { quarantine: 'MIG004' } },
  'orphan-product': { basisPoints: 700, field: 'product_id', outcome: { quarantine: 'ORPH01' } },
} as const satisfies KindTable;

export const INVENTORY_COLUMNS = [
  'inventory_id',
  'product_id',
  'warehouse_code',
  'quantity',
  'reorder_level',
  'unit_cost',
  'last_updated',
] as const;

/**
 * Stock on hand: a row per loadable product in the Dhaka warehouse, a second one in
 * Chittagong for about a third of them. Orphan rows point at deleted products.
 */
export function generateInventory(options: GeneratorOptions): TableGeneration {
  const ctx = estateContext(options);
  const products = productPlan(ctx);
  const seed = ctx.input.seed;
  const layout = new FastRng(seed, 'mysql.inventory.layout');
  const productOf: number[] = [];
  const warehouseOf: number[] = [];
  for (let p = 0; p < products.rows; p++) {
    if (!products.dirt.loads(p)) continue;
    productOf.push(p);
    warehouseOf.push(0);
    if (layout.at(p).chance(0.33)) {
      productOf.push(p);
      warehouseOf.push(1);
    }
  }
  const rows = productOf.length;
  const plan = new DirtPlan(INVENTORY_KINDS, rows, seed, 'mysql.inventory.dirt');
  const tally = new ExpectationTally(MYSQL_SOURCE, 'inventory');
  const dirt: DirtEntry[] = [];
  for (let i = 0; i < rows; i++) {
    const e = plan.entry(MYSQL_SOURCE, 'inventory', i, String(i + 1), 'last_updated');
    tally.record(e?.reason, e?.rule, e !== undefined);
    if (e !== undefined) dirt.push(e);
  }
  return {
    source: MYSQL_SOURCE,
    table: 'inventory',
    entity: 'inventory',
    columns: INVENTORY_COLUMNS,
    rowCount: rows,
    *rows(): Generator<RawRow> {
      const rng = new FastRng(seed, 'mysql.inventory.row');
      for (let i = 0; i < rows; i++) {
        rng.at(i);
        const p = productOf[i]!;
        const kind = plan.kindAt(i);
        const productId =
          kind === 'orphan-product' ? rng.pickOf(products.deletedIds) : products.ids[p]!;
        const qty = rng.int(1, 250_000);
        yield [
          String(i + 1),
          String(productId),
          warehouseOf[i] === 0 ? 'WH-DHK' : 'WH-CTG',
          fixed(kind === 'negative-quantity' ? -qty : qty, 2),
          fixed(rng.int(10, 200) * 100, 2),
          fixed(products.costPrice[p]!, 2),
          dhakaDateTime(ctx.input.asOfMs - rng.int(3_600, 30 * 86_400) * 1000),
        ];
      }
    },
    dirt,
    expected: tally.expected,
  };
}
