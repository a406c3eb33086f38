/**
 * Wave 4, history: closed legacy sales orders of the 2-year window and their lines ->
 * sales.order / sales.order_line. Rules: 000 §1.2, §5.1; 001 Day 708. Criteria: 001 §5.1
 * (historical data complete, 2 years), Day 710 query 6.
 */
import { describe } from 'vitest';
import {
  historyCompleteness,
  localWindowStart,
  orderLinesSpec,
  ordersSpec,
  skippedResult,
} from 'cutover';
import { entityChecks, entityRows, useMigration } from 'cutover/vitest';
import { DHAKA, orderChecks } from '../support/order-checks.ts';

const m = useMigration();
const orders = ordersSpec({ kind: 'sales', open: false });

orderChecks(m, {
  orders,
  lines: orderLinesSpec({ kind: 'sales', open: false }),
  component: 'Sales orders',
});

const { check } = entityChecks({ wave: orders.wave, entity: orders.entity });
describe('001 §5.1: sales history is complete for the 2-year window and nothing older leaked in', () => {
  check(
    {
      id: 'history-months',
      title:
        'every month of the window with legacy sales orders has them in the target; none older',
      criterion: 'pedigree',
      seedRef: '001 §5.1 historical data complete (2 years); 000 §1.2',
    },
    (meta) => {
      if (!m.loaded(orders.entity))
        return Promise.resolve(
          skippedResult(meta, 'no bundled loader ran for ' + orders.entity + ' in this run'),
        );
      const from = localWindowStart(m.asOf, DHAKA);
      const closed = "status NOT IN ('pending', 'draft', 'confirmed')";
      return historyCompleteness(meta, {
        period: 'month',
        from: from.slice(0, 7),
        to: localWindowStart(m.asOf, DHAKA, 0).slice(0, 7),
        // Legacy DATETIMEs are Dhaka wall-clock: compared as they are.
        legacy: {
          db: m.legacy,
          table: 'sales_orders',
          dateExpr: 'order_date',
          where: `${closed} AND order_date >= '${from}'`,
        },
        target: {
          db: m.target,
          table: 'sales.order',
          dateExpr: 'date_order',
          offsetMinutes: DHAKA,
          keyColumn: 'x_legacy_id',
          where: entityRows(orders),
        },
        leakedBefore: m.windowStart(),
      });
    },
  );
});
