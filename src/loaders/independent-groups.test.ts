import { describe, expect, it } from 'vitest';
import { allWaves } from './index.ts';
import { independentGroups } from './independent-groups.ts';

const groupsOf = (wave: string): string[][] =>
  independentGroups(allWaves.find((w) => w.wave === wave)!.entities).map((g) =>
    g.map((e) => e.spec.entity),
  );

describe('independentGroups', () => {
  it('wave 4: the website orders, the farm registry and the accounting exports never touch each other', () => {
    expect(groupsOf('wave-4-history')).toEqual([
      ['sales_orders', 'sales_order_lines', 'purchase_orders', 'purchase_order_lines'],
      ['history_animals', 'register_animals', 'health_records', 'milk_production'],
      ['vouchers', 'voucher_lines'],
      ['opening_balances'],
    ]);
  });

  it('entities reading the legacy database share its connection, so one group', () => {
    expect(groupsOf('wave-2-master-data')).toEqual([
      ['customers', 'products', 'stock_on_hand'],
      ['breeds'],
      ['barns'],
    ]);
  });
});
