/**
 * Wave 4, history: closed legacy purchase orders of the 2-year window and their lines ->
 * purchase.order / purchase.order_line. Rules: 000 §1.2, §5.1; 001 Day 708. Criteria: 001 §5.1
 * (historical data complete, 2 years), Day 710 query 6.
 */
import { orderLinesSpec, ordersSpec } from 'cutover';
import { useMigration } from 'cutover/vitest';
import { orderChecks } from '../support/order-checks.ts';
import { orderHistoryChecks } from '../support/order-history-checks.ts';

const m = useMigration();
const orders = ordersSpec({ kind: 'purchase', open: false });

orderChecks(m, {
  orders,
  lines: orderLinesSpec({ kind: 'purchase', open: false }),
  component: 'Purchase orders',
});
orderHistoryChecks(m, {
  orders,
  kind: 'purchase',
  legacyTable: 'purchase_orders',
  targetTable: 'purchase.order',
});
