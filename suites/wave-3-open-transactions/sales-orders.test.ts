/**
 * Wave 3, open transactions: open legacy sales orders (pending, draft, confirmed) and their
 * lines -> sales.order / sales.order_line. Rules: 000 §5.1; 001 Day 708.
 */
import { orderLinesSpec, ordersSpec } from 'cutover';
import { useMigration } from 'cutover/vitest';
import { orderChecks } from '../support/order-checks.ts';

const m = useMigration();

orderChecks(m, {
  orders: ordersSpec({ kind: 'sales', open: true }),
  lines: orderLinesSpec({ kind: 'sales', open: true }),
  component: 'Open sales orders',
});
