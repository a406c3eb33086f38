import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { EstateContext } from '../estate-context.ts';
import { LEAF_CATEGORY_IDS } from './categories.ts';
import { CATALOG } from './product-catalog.ts';

/** Website DB: 85% of products load (seed 000 §3.1); fixable noise on top. */
export const PRODUCT_KINDS = {
  inactive: { basisPoints: 500, field: 'is_active', outcome: { outOfScope: 'inactive-product' } },
  'missing-name': { basisPoints: 200, field: 'product_name', outcome: { quarantine: 'MIG003' } },
  'negative-price': { basisPoints: 200, field: 'unit_price', outcome: { quarantine: 'MIG004' } },
  'duplicate-sku': { basisPoints: 300, field: 'sku', outcome: { quarantine: 'DUP001' } },
  'unknown-category': { basisPoints: 300, field: 'category_id', outcome: { quarantine: 'ORPH01' } },
  'fixable:sku-case': { basisPoints: 500, field: 'sku', outcome: { fixed: true } },
  'fixable:name-spacing': { basisPoints: 500, field: 'product_name', outcome: { fixed: true } },
  'fixable:mojibake': { basisPoints: 100, field: 'product_name', outcome: { fixed: true } },
} as const satisfies KindTable;
export type ProductKind = keyof typeof PRODUCT_KINDS;

/**
 * Products decided before any row: ids (with the gaps deleted products left), dirt, which
 * are Bengali-named, category and prices. Order lines read prices from here, so a line's
 * amounts are known without the products table.
 */
export interface ProductPlan {
  rows: number;
  ids: Uint32Array;
  /** product_id values that were deleted: order lines pointing at them are orphans. */
  deletedIds: Uint32Array;
  dirt: DirtPlan<ProductKind>;
  bengali: Uint8Array;
  category: Uint16Array;
  /** Paisa. */
  unitPrice: Float64Array;
  costPrice: Float64Array;
  /** Loadable product indexes: dairy ones for sales, the rest for purchases. */
  sellable: Uint32Array;
  buyable: Uint32Array;
}

const cache = new WeakMap<EstateContext, ProductPlan>();

export function productPlan(ctx: EstateContext): ProductPlan {
  const cached = cache.get(ctx);
  if (cached !== undefined) return cached;
  const rows = ctx.volumes.products;
  const seed = ctx.input.seed;
  const rng = new FastRng(seed, 'mysql.products.plan');
  const ids = new Uint32Array(rows);
  const deleted: number[] = [];
  let next = 1;
  for (let i = 0; i < rows; i++) {
    // Every 25th product forces a gap so even ci has deleted products to point at.
    if (rng.chance(0.03) || i % 25 === 24) deleted.push(next++);
    ids[i] = next++;
  }
  const bengali = new Uint8Array(rows);
  const category = new Uint16Array(rows);
  const unitPrice = new Float64Array(rows);
  const costPrice = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    rng.at(i);
    const cat = rng.pick(LEAF_CATEGORY_IDS);
    category[i] = cat;
    bengali[i] = cat >= 100 && rng.chance(0.06) ? 1 : 0;
    const entry = CATALOG[cat]!;
    // Prices end in .00 or .50, as a price list does.
    const taka = rng.int(entry.minTaka, entry.maxTaka);
    unitPrice[i] = taka * 100 + (rng.chance(0.3) ? 50 : 0);
    costPrice[i] = Math.round((unitPrice[i]! * rng.int(60, 85)) / 100);
  }
  const dirt = new DirtPlan(PRODUCT_KINDS, rows, seed, 'mysql.products.dirt', {
    eligible: (kind, row) => kind !== 'fixable:mojibake' || bengali[row] === 1,
  });
  const sellable: number[] = [];
  const buyable: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (!dirt.loads(i)) continue;
    (category[i]! >= 100 ? sellable : buyable).push(i);
  }
  const plan: ProductPlan = {
    rows,
    ids,
    deletedIds: Uint32Array.from(deleted),
    dirt,
    bengali,
    category,
    unitPrice,
    costPrice,
    sellable: Uint32Array.from(sellable.length > 0 ? sellable : buyable),
    buyable: Uint32Array.from(buyable.length > 0 ? buyable : sellable),
  };
  cache.set(ctx, plan);
  return plan;
}
