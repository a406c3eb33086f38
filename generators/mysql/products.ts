import type { RawRow } from '../../src/core/dialect.ts';
import { dhakaDateTime } from '../core/dhaka-clock.ts';
import { MS_PER_DAY } from '../core/dhaka-time.ts';
import { fixed } from '../core/decimal.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry } from '../core/manifest.ts';
import { mojibake } from '../core/mojibake.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { estateContext } from '../estate-context.ts';
import { MYSQL_SOURCE } from './categories.ts';
import { BENGALI_PRODUCT_STEMS, CATALOG } from './product-catalog.ts';
import { productPlan } from './product-plan.ts';
import type { ProductPlan } from './product-plan.ts';

export const PRODUCT_COLUMNS = [
  'product_id',
  'product_code',
  'sku',
  'barcode',
  'product_name',
  'description',
  'category_id',
  'unit_price',
  'cost_price',
  'unit',
  'uom',
  'weight',
  'is_dairy_product',
  'shelf_life_days',
  'storage_temp',
  'stock_quantity',
  'is_active',
  'created_date',
  'modified_date',
] as const;

export function generateProducts(options: GeneratorOptions): TableGeneration {
  const ctx = estateContext(options);
  const plan = productPlan(ctx);
  const seed = ctx.input.seed;
  const asOfMs = ctx.input.asOfMs;
  const dirt: DirtEntry[] = [];
  const tally = new ExpectationTally(MYSQL_SOURCE, 'products');
  for (let i = 0; i < plan.rows; i++) {
    const e = plan.dirt.entry(MYSQL_SOURCE, 'products', i, String(plan.ids[i]), 'created_date');
    tally.record(e?.reason, e?.rule, e !== undefined);
    if (e === undefined) continue;
    if (e.kind === 'duplicate-sku') e.duplicateOf = String(plan.ids[duplicateTarget(plan, i)]);
    if (e.kind === 'fixable:mojibake') e.original = cleanName(seed, plan, i);
    dirt.push(e);
  }
  return {
    source: MYSQL_SOURCE,
    table: 'products',
    entity: 'products',
    columns: PRODUCT_COLUMNS,
    rowCount: plan.rows,
    *rows(): Generator<RawRow> {
      const rng = new FastRng(seed, 'mysql.products.row');
      for (let i = 0; i < plan.rows; i++) yield productRow(rng.at(i), plan, i, seed, asOfMs);
    },
    dirt,
    expected: tally.expected,
  };
}

/** The nearest earlier product that loads: the one a duplicate SKU collides with. */
export function duplicateTarget(plan: ProductPlan, i: number): number {
  for (let j = i - 1; j >= 0; j--) if (plan.dirt.loads(j)) return j;
  return 0;
}

export function skuOf(plan: ProductPlan, i: number): string {
  return `SD-${plan.category[i]}-${String(i + 1).padStart(5, '0')}`;
}

function cleanName(seed: number, plan: ProductPlan, i: number): string {
  const rng = new FastRng(seed, 'mysql.products.name').at(i);
  const entry = CATALOG[plan.category[i]!]!;
  const size = rng.pick(entry.sizes);
  if (plan.bengali[i] === 1) return `${rng.pick(BENGALI_PRODUCT_STEMS)} ${size}`;
  const stem = rng.pick(entry.stems);
  return plan.category[i]! >= 100 ? `Smart ${stem} ${size}` : `${stem} ${size}`;
}

function productRow(
  rng: FastRng,
  plan: ProductPlan,
  i: number,
  seed: number,
  asOfMs: number,
): RawRow {
  const kind = plan.dirt.kindAt(i);
  const cat = plan.category[i]!;
  const entry = CATALOG[cat]!;
  let name: string | null = cleanName(seed, plan, i);
  let sku = skuOf(plan, i);
  let unitPrice = plan.unitPrice[i]!;
  let category = cat;
  if (kind === 'missing-name') name = rng.chance(0.5) ? null : '  ';
  if (kind === 'negative-price') unitPrice = -unitPrice;
  if (kind === 'duplicate-sku') sku = skuOf(plan, duplicateTarget(plan, i));
  if (kind === 'unknown-category') category = 900 + rng.int(0, 99);
  if (kind === 'fixable:sku-case') sku = rng.chance(0.5) ? sku.toLowerCase() : ` ${sku} `;
  if (kind === 'fixable:name-spacing' && name !== null) name = `  ${name.replace(' ', '   ')} `;
  if (kind === 'fixable:mojibake' && name !== null) name = mojibake(name);
  const created = asOfMs - rng.int(400, 2500) * MS_PER_DAY - rng.int(0, 86_399) * 1000;
  const modified = Math.min(asOfMs - 3_600_000, created + rng.int(0, 600) * MS_PER_DAY);
  const dairy = cat >= 100;
  return [
    String(plan.ids[i]),
    `P${String(plan.ids[i]).padStart(5, '0')}`,
    sku,
    ean13(`894${String(seed % 10)}${String(plan.ids[i]).padStart(8, '0')}`),
    name,
    rng.chance(0.4) ? null : `${entry.stems[0]} range, ${entry.unit.toLowerCase()} pack`,
    String(category),
    fixed(unitPrice, 2),
    fixed(plan.costPrice[i]!, 2),
    entry.unit,
    entry.uom,
    fixed(rng.int(50, 50_000), 3),
    dairy ? '1' : '0',
    entry.shelfLife === null ? null : String(entry.shelfLife),
    entry.storage,
    fixed(rng.int(0, 500_00), 2),
    kind === 'inactive' ? '0' : '1',
    dhakaDateTime(created),
    dhakaDateTime(modified),
  ];
}

/** 12 digits + the EAN-13 check digit. */
function ean13(twelve: string): string {
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += Number(twelve[k]) * (k % 2 === 0 ? 1 : 3);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}
