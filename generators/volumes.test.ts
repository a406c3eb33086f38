import { describe, expect, it } from 'vitest';
import { accountingTables } from './accounting/accounting-tables.ts';
import { PROFILES } from './core/profiles.ts';
import type { ProfileName } from './core/profiles.ts';
import { FARM_TABLES } from './farm/farm-tables.ts';
import { LEGACY_MYSQL_TABLES } from './legacy-tables.ts';

const asOf = '2026-06-30T18:00:00Z';

/** Row counts come from the plans, so doc and xl are checked without generating rows. */
function counts(profile: ProfileName, withVoucherLines: boolean): Record<string, number> {
  const options = { profile, seed: 1, asOf };
  const out: Record<string, number> = {};
  for (const t of [...LEGACY_MYSQL_TABLES, ...FARM_TABLES])
    out[t.table] = t.generate(options).rowCount;
  const [chart, vouchers] = accountingTables(options).slice(0, withVoucherLines ? 4 : 2);
  out['chart_of_accounts'] = chart!.rowCount;
  out['vouchers'] = vouchers!.rowCount;
  return out;
}

describe('profile volumes', () => {
  it.each(['ci', 'doc', 'xl'] as const)(
    "%s: the documents' volumes (DESIGN.md), xl ten times doc",
    (profile) => {
      const v = PROFILES[profile];
      const c = counts(profile, profile !== 'xl');
      expect(c).toMatchObject({
        customers: v.customers + v.suppliers,
        products: v.products,
        sales_orders: v.salesOrders,
        purchase_orders: v.purchaseOrders,
        vouchers: v.financialTransactions,
        cattle: v.cattle,
        health_records: v.healthRecords,
        milk_production: v.milkRecords,
      });
      // About 3.5 lines per sales order, 2.5 per purchase order.
      expect(c['sales_order_lines']! / v.salesOrders).toBeGreaterThan(3);
      expect(c['purchase_order_lines']! / v.purchaseOrders).toBeGreaterThan(2);
    },
  );

  it('doc matches the figures of seed 001 §4.1 and DESIGN.md', () => {
    expect(PROFILES.doc).toEqual({
      customers: 5000,
      suppliers: 500,
      products: 1000,
      salesOrders: 50000,
      purchaseOrders: 10000,
      financialTransactions: 100000,
      cattle: 300,
      healthRecords: 5000,
      milkRecords: 200000,
    });
  });
});
