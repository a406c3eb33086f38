import type { RawRow } from '../../src/core/dialect.ts';
import { dhakaMonth } from '../core/dhaka-clock.ts';
import { WINDOW_RULE } from '../core/dirt-plan.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry, OrderTotals } from '../core/manifest.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { KeyedSums, Sum } from '../core/totals.ts';
import { estateContext } from '../estate-context.ts';
import type { EstateContext } from '../estate-context.ts';
import { MYSQL_SOURCE } from './categories.ts';
import { OrderContentBuilder } from './order-content.ts';
import { orderPlan } from './order-plan.ts';
import type { OrderPlan, OrderSide } from './order-plan.ts';
import { productPlan } from './product-plan.ts';

export const SALES_ORDER_COLUMNS = [
  'order_id',
  'order_number',
  'customer_id',
  'order_date',
  'delivery_date',
  'total_amount',
  'tax_amount',
  'discount_amount',
  'status',
  'payment_status',
  'notes',
  'created_by',
  'created_date',
  'modified_date',
] as const;

export const PURCHASE_ORDER_COLUMNS = [
  'order_id',
  'order_number',
  'supplier_id',
  'order_date',
  'expected_date',
  'received_date',
  'total_amount',
  'tax_amount',
  'discount_amount',
  'status',
  'payment_status',
  'notes',
  'created_by',
  'created_date',
  'modified_date',
] as const;

export const ORDER_LINE_COLUMNS = [
  'line_id',
  'order_id',
  'product_id',
  'quantity',
  'unit_price',
  'discount_percent',
  'tax_percent',
  'line_total',
] as const;

export const generateSalesOrders = (o: GeneratorOptions) => orderHeaders(o, 'sales');
export const generatePurchaseOrders = (o: GeneratorOptions) => orderHeaders(o, 'purchase');
export const generateSalesOrderLines = (o: GeneratorOptions) => orderLines(o, 'sales');
export const generatePurchaseOrderLines = (o: GeneratorOptions) => orderLines(o, 'purchase');

const tableOf = (side: OrderSide) => (side === 'sales' ? 'sales_orders' : 'purchase_orders');

function orderHeaders(options: GeneratorOptions, side: OrderSide): TableGeneration {
  const ctx = estateContext(options);
  const plan = orderPlan(ctx, side);
  const table = tableOf(side);
  const partnerField = side === 'sales' ? 'customer_id' : 'supplier_id';
  const secondDate = side === 'sales' ? 'delivery_date' : 'received_date';
  const tally = new ExpectationTally(MYSQL_SOURCE, table);
  const dirt: DirtEntry[] = [];
  for (let i = 0; i < plan.rows; i++) {
    const e = plan.dirt.entry(MYSQL_SOURCE, table, i, String(i + 1), 'order_date');
    tally.record(e?.reason, e?.rule, e !== undefined);
    if (e === undefined) continue;
    if (e.field === 'partner') e.field = partnerField;
    if (e.field === 'date') e.field = secondDate;
    dirt.push(e);
  }
  let totals: OrderTotals | undefined;
  return {
    source: MYSQL_SOURCE,
    table,
    entity: table,
    columns: side === 'sales' ? SALES_ORDER_COLUMNS : PURCHASE_ORDER_COLUMNS,
    rowCount: plan.rows,
    *rows(): Generator<RawRow> {
      const builder = new OrderContentBuilder(ctx, plan, productPlan(ctx));
      const sums = new OrderSums();
      for (let i = 0; i < plan.rows; i++) {
        const order = builder.build(i);
        sums.add(ctx, plan, i, order.total);
        yield order.header;
      }
      totals = sums.toJSON();
    },
    totals: () =>
      totals === undefined ? {} : { [side === 'sales' ? 'salesOrders' : 'purchaseOrders']: totals },
    dirt,
    expected: tally.expected,
  };
}

/**
 * Source-side sums (001 §3 query 6: every order dated in the window, zero dates excluded)
 * and what a correct target holds (loaded orders only), overall and per Dhaka month.
 */
class OrderSums {
  private readonly window = new Sum();
  private readonly loaded = new Sum();
  private readonly byMonth = new KeyedSums(() => ({ window: new Sum(), loaded: new Sum() }));

  add(ctx: EstateContext, plan: OrderPlan, i: number, total: number): void {
    const t = plan.times[i]!;
    const zeroDate = plan.dirt.kindAt(i) === 'zero-order-date';
    if (t < ctx.windowStart || zeroDate) return;
    const month = this.byMonth.at(dhakaMonth(t));
    this.window.add(total);
    month.window.add(total);
    if (plan.dirt.loads(i)) {
      this.loaded.add(total);
      month.loaded.add(total);
    }
  }

  toJSON(): OrderTotals {
    return {
      window: this.window.toJSON(),
      loaded: this.loaded.toJSON(),
      byMonth: this.byMonth.render((m) => ({
        window: m.window.toJSON(),
        loaded: m.loaded.toJSON(),
      })),
    };
  }
}

function orderLines(options: GeneratorOptions, side: OrderSide): TableGeneration {
  const ctx = estateContext(options);
  const plan = orderPlan(ctx, side);
  const table = side === 'sales' ? 'sales_order_lines' : 'purchase_order_lines';
  const tally = new ExpectationTally(MYSQL_SOURCE, table);
  const dirt: DirtEntry[] = [];
  const lines = plan.lineStart[plan.rows]!;
  for (let l = 0; l < lines; l++) {
    const order = plan.orderOfLine[l]!;
    const e = plan.lineDirt.entry(MYSQL_SOURCE, table, l, String(l + 1), 'order_id');
    if (plan.dirt.isOutOfWindow(order)) tally.outOfScope(WINDOW_RULE);
    else if (!plan.dirt.loads(order)) tally.quarantined('ORPH01');
    else tally.record(e?.reason, e?.rule, false);
    if (e !== undefined) dirt.push(e);
  }
  return {
    source: MYSQL_SOURCE,
    table,
    entity: table,
    columns: ORDER_LINE_COLUMNS,
    rowCount: lines,
    *rows(): Generator<RawRow> {
      const builder = new OrderContentBuilder(ctx, plan, productPlan(ctx));
      for (let i = 0; i < plan.rows; i++) yield* builder.lineRows(i).lines;
    },
    dirt,
    expected: tally.expected,
  };
}
