import type { RawRow } from '../../src/core/dialect.ts';
import { dhakaDateTime } from '../core/dhaka-clock.ts';
import { MS_PER_DAY } from '../core/dhaka-time.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import type { DirtEntry } from '../core/manifest.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import { estateContext } from '../estate-context.ts';

export const MYSQL_SOURCE = 'legacy_mysql';

interface Category {
  id: number;
  name: string;
  parent: number | null;
  /** Planted dirt; the tree is fixed, so the dirt is too (the same in every profile). */
  kind?: 'orphan-parent' | 'fixable:name-spacing';
  /** Text as stored, when it differs from `name`. */
  stored?: string;
}

/**
 * The product category tree (seed 001 Day 707 migrates it parents first): five roots,
 * three levels. Fixed rather than generated: a dairy's catalogue does not grow with the
 * order volume, and the products of every profile hang from its leaves.
 */
export const CATEGORIES: readonly Category[] = [
  { id: 1, name: 'Dairy Products', parent: null },
  { id: 2, name: 'Animal Feed', parent: null },
  { id: 3, name: 'Veterinary', parent: null },
  { id: 4, name: 'Farm Equipment', parent: null },
  { id: 5, name: 'Packaging', parent: null },
  { id: 10, name: 'Liquid Milk', parent: 1 },
  { id: 11, name: 'Fermented', parent: 1 },
  { id: 12, name: 'Fats & Cheese', parent: 1 },
  { id: 13, name: 'Sweets', parent: 1 },
  { id: 20, name: 'Concentrate Feed', parent: 2 },
  {
    id: 21,
    name: 'Fodder & Silage',
    parent: 2,
    kind: 'fixable:name-spacing',
    stored: ' Fodder  & Silage',
  },
  { id: 22, name: 'Mineral Mix', parent: 2 },
  { id: 30, name: 'Medicines', parent: 3, kind: 'fixable:name-spacing', stored: 'Medicines ' },
  { id: 31, name: 'Vaccines', parent: 3 },
  { id: 32, name: 'AI & Breeding', parent: 3 },
  { id: 40, name: 'Milking Equipment', parent: 4 },
  { id: 41, name: 'Cooling & Storage', parent: 4 },
  { id: 50, name: 'Bottles & Pouches', parent: 5 },
  { id: 51, name: 'Cartons & Labels', parent: 5 },
  { id: 90, name: 'Seasonal Offers', parent: 9, kind: 'orphan-parent' },
  { id: 101, name: 'Pasteurised Milk', parent: 10 },
  { id: 102, name: 'UHT Milk', parent: 10 },
  { id: 103, name: 'Flavoured Milk', parent: 10 },
  { id: 111, name: 'Yoghurt & Mishti Doi', parent: 11 },
  { id: 112, name: 'Lassi & Borhani', parent: 11 },
  { id: 121, name: 'Butter & Ghee', parent: 12 },
  { id: 122, name: 'Cheese & Paneer', parent: 12 },
  { id: 131, name: 'Rosogolla & Sandesh', parent: 13 },
];

export const CATEGORY_COLUMNS = [
  'category_id',
  'category_name',
  'parent_category_id',
  'is_active',
  'created_date',
] as const;

export function generateProductCategories(options: GeneratorOptions): TableGeneration {
  const ctx = estateContext(options);
  const tally = new ExpectationTally(MYSQL_SOURCE, 'product_categories');
  const dirt: DirtEntry[] = [];
  for (const c of CATEGORIES) {
    if (c.kind === 'orphan-parent') {
      dirt.push(entry(c, 'parent_category_id', 'ORPH01'));
      tally.quarantined('ORPH01');
    } else if (c.kind !== undefined) {
      dirt.push(entry(c, 'category_name'));
      tally.loaded(true);
    } else tally.loaded();
  }
  const created = ctx.input.asOfMs - 6 * 365 * MS_PER_DAY;
  return {
    source: MYSQL_SOURCE,
    table: 'product_categories',
    entity: 'product_categories',
    columns: CATEGORY_COLUMNS,
    rowCount: CATEGORIES.length,
    *rows(): Generator<RawRow> {
      for (const c of [...CATEGORIES].sort((a, b) => a.id - b.id)) {
        yield [
          String(c.id),
          c.stored ?? c.name,
          c.parent === null ? null : String(c.parent),
          '1',
          dhakaDateTime(created + c.id * 3_600_000),
        ];
      }
    },
    dirt: dirt.sort((a, b) => Number(a.key) - Number(b.key)),
    expected: tally.expected,
  };
}

function entry(c: Category, field: string, reason?: 'ORPH01'): DirtEntry {
  const e: DirtEntry = {
    source: MYSQL_SOURCE,
    table: 'product_categories',
    key: String(c.id),
    kind: c.kind!,
    field,
  };
  if (reason !== undefined) e.reason = reason;
  return e;
}

/** Categories products may hang from: clean leaves. */
export const LEAF_CATEGORY_IDS: readonly number[] = CATEGORIES.filter(
  (c) => c.kind !== 'orphan-parent' && !CATEGORIES.some((child) => child.parent === c.id),
).map((c) => c.id);
