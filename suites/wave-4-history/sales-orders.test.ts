/**
 * Wave 4, history: closed legacy sales orders of the 2-year window and their lines ->
 * sales.order / sales.order_line. Rules: 000 §1.2, §5.1; 001 Day 708. Criteria: 001 §5.1
 * (historical data complete, 2 years), Day 710 query 6.
 */
import { orderLinesSpec, ordersSpec } from 'cutover';
import { useMigration } from 'cutover/vitest';
import { orderChecks } from '../support/order-checks.ts';
import { orderHistoryChecks } from '../support/order-history-checks.ts';

const m = useMigration();
const orders = ordersSpec({ kind: 'sales', open: false });

orderChecks(m, {
  orders,
  lines: orderLinesSpec({ kind: 'sales', open: false }),
  component: 'Sales orders',
});
orderHistoryChecks(m, {
  orders,
  kind: 'sales',
  legacyTable: 'sales_orders',
  targetTable: 'sales.order',
});
