import type { EntitySpec } from '../rules/spec.ts';
import type { BundledWave } from './bundled-wave.ts';
import { customersSpec } from './customers/spec.ts';
import { paymentTermsSpec, taxesSpec, uomSpec } from './wave-1/reference-specs.ts';
import { productCategoriesSpec, productsSpec, stockOnHandSpec } from './wave-2/products-spec.ts';
import { orderLinesSpec, ordersSpec } from './wave-4/orders-spec.ts';
import {
  chartOfAccountsSpec,
  openingBalancesSpec,
  voucherLinesSpec,
  vouchersSpec,
} from './accounting/accounting-specs.ts';
import {
  animalsSpec,
  barnsSpec,
  breedsSpec,
  healthRecordsSpec,
  milkProductionSpec,
  registerAnimalsSpec,
} from './farm/farm-specs.ts';

export { loadCustomers, type LoadCustomersOptions } from './customers/load-customers.ts';
export { customersSpec, customersSpecWith, LEGACY_CUSTOMER_COLUMNS } from './customers/spec.ts';
export type { BundledEntity, BundledWave } from './bundled-wave.ts';
export * from './load-wave.ts';
export { paymentTermsSpec, taxesSpec, uomSpec } from './wave-1/reference-specs.ts';
export { productCategoriesSpec, productsSpec, stockOnHandSpec } from './wave-2/products-spec.ts';
export { OPEN_STATUSES, orderEntity, orderLinesSpec, ordersSpec } from './wave-4/orders-spec.ts';
export * from './accounting/accounting-specs.ts';
export * from './farm/farm-specs.ts';
export * from './reconcile-manifest.ts';

// Purchases before sales: both look up partners and products, so one kind waits for the
// other (waveDependencies), and the small one first keeps the wait short: on the history
// wave of doc the purchase side is 35k records, the sales side 225k.
const orders = (open: boolean) =>
  (['purchase', 'sales'] as const).flatMap((kind) => [
    { spec: ordersSpec({ kind, open }) },
    { spec: orderLinesSpec({ kind, open }) },
  ]);

/**
 * The whole Smart Dairy plan (000 §2.2), wave by wave, parents first. The estate has no
 * stock movements, draft invoices or pending deliveries (fixtures/legacy/README.md), so no
 * entity loads inventory.stock_move.
 */
export const allWaves: readonly BundledWave[] = [
  {
    wave: 'wave-1-reference',
    entities: [
      { spec: uomSpec },
      { spec: taxesSpec },
      { spec: paymentTermsSpec },
      { spec: productCategoriesSpec },
      { spec: chartOfAccountsSpec() },
    ],
  },
  {
    wave: 'wave-2-master-data',
    entities: [
      { spec: customersSpec },
      { spec: productsSpec },
      { spec: stockOnHandSpec },
      { spec: breedsSpec },
      { spec: barnsSpec },
    ],
  },
  {
    wave: 'wave-3-open-transactions',
    entities: [...orders(true), { spec: animalsSpec(true) }],
  },
  {
    wave: 'wave-4-history',
    entities: [
      ...orders(false),
      { spec: animalsSpec(false) },
      { spec: registerAnimalsSpec },
      // Where two entities wait for each other (same parents), the long one goes first
      // when its chain is the wave's longest, the short one first otherwise: milk readings
      // (200k) before health records (5k), so they no longer wait for them; the opening
      // balances (29 rows) before the day book, so they no longer close the wave.
      { spec: milkProductionSpec },
      { spec: healthRecordsSpec },
      { spec: openingBalancesSpec() },
      { spec: vouchersSpec() },
      { spec: voucherLinesSpec() },
    ],
  },
];

/** What `cutover reconcile` loads: the whole plan, over the estate seedLegacy writes. */
export const bundledWaves: readonly BundledWave[] = allWaves;

export function bundledSpecs(
  wave?: string,
  waves: readonly BundledWave[] = bundledWaves,
): EntitySpec[] {
  return waves
    .filter((w) => wave === undefined || w.wave === wave)
    .flatMap((w) => w.entities.map((e) => e.spec));
}
