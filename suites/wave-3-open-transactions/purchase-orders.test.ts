/**
 * Wave 3, open transactions: open legacy purchase orders (pending, draft, confirmed) and their
 * lines -> purchase.order / purchase.order_line. Rules: 000 §5.1; 001 Day 708.
 */
import { orderLinesSpec, ordersSpec } from 'cutover';
import { useMigration } from 'cutover/vitest';
import { orderChecks } from '../support/order-checks.ts';

const m = useMigration();

orderChecks(m, {
  orders: ordersSpec({ kind: 'purchase', open: true }),
  lines: orderLinesSpec({ kind: 'purchase', open: true }),
  component: 'Open purchase orders',
});
