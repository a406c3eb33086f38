import type { EntitySpec, ScopeRule } from '../../rules/spec.ts';

/**
 * Order statuses (000 §5.1 transform_sales_orders, 001 Day 708 state_map). Where they
 * disagree: 'shipped' is done (000), 'delivered' and 'invoiced' are sale (001).
 */
const SALES_STATES =
  'map:pending=draft,draft=draft,confirmed=sale,shipped=done,delivered=sale,invoiced=sale,cancelled=cancel';
const PURCHASE_STATES =
  'map:pending=draft,draft=draft,confirmed=purchase,shipped=done,delivered=done,invoiced=done,cancelled=cancel';
/** Open orders are wave 3 (000 §2.2 "Open Sales Orders"); the rest is wave 4 history. */
export const OPEN_STATUSES = ['pending', 'draft', 'confirmed'] as const;

export interface OrderKind {
  kind: 'sales' | 'purchase';
  open: boolean;
}

export function orderEntity({ kind, open }: OrderKind): string {
  return `${open ? 'open_' : ''}${kind}_orders`;
}

const WINDOW: ScopeRule = {
  name: 'two-year-window',
  description: '000 §1.2 / 001 Day 708: two years of history before asOf.',
  column: 'order_date',
  window: { years: 2 },
};

// The wave split comes first, so each order is out of the window in one wave only: the
// other wave counts it under its split rule (`elsewhere`), which a reconciliation per
// legacy table leaves out. An order older than the window is not migrated even if open.
function orderScope(order: OrderKind): ScopeRule[] {
  const other = orderEntity({ ...order, open: !order.open });
  if (order.open)
    return [
      {
        name: 'not-open-order',
        description: 'Wave 3 migrates open orders only; the others are wave 4 history.',
        column: 'status',
        inScopeOnlyWhen: OPEN_STATUSES,
        elsewhere: other,
      },
      WINDOW,
    ];
  return [
    {
      name: 'open-order-wave-3',
      description: 'Open orders were migrated by wave 3.',
      column: 'status',
      outOfScopeWhen: OPEN_STATUSES,
      elsewhere: other,
    },
    WINDOW,
  ];
}

/** sales_orders / purchase_orders -> sales.order / purchase.order. */
export function ordersSpec(order: OrderKind): EntitySpec {
  const sales = order.kind === 'sales';
  return {
    entity: orderEntity(order),
    wave: order.open ? 'wave-3-open-transactions' : 'wave-4-history',
    seedRef: '000 §5.1 transform_sales_orders; 001 Day 708',
    source: { system: 'legacy_mysql', table: `${order.kind}_orders`, key: 'order_id' },
    target: { table: `${order.kind}.order`, legacyKey: 'x_legacy_id' },
    scope: orderScope(order),
    fields: [
      { target: 'name', source: 'order_number', transforms: 'trim', required: true, kind: 'text' },
      {
        target: 'partner_id',
        source: sales ? 'customer_id' : 'supplier_id',
        // An inactive partner is not migrated: its orders are orphans (README orphan-partner).
        lookup: { entity: 'customers', parentOutOfScope: 'orphan' },
        required: true,
        kind: 'integer',
        checksum: false,
      },
      {
        target: 'date_order',
        source: 'order_date',
        transforms: 'zero_date_null|dhaka_to_utc',
        required: true,
        kind: 'timestamp-utc',
      },
      {
        target: sales ? 'commitment_date' : 'date_planned',
        source: sales ? 'delivery_date' : 'expected_date',
        transforms: 'zero_date_null|dhaka_to_utc',
        onInvalid: 'null',
        kind: 'timestamp-utc',
      },
      {
        target: 'state',
        source: 'status',
        transforms: `trim|${sales ? SALES_STATES : PURCHASE_STATES}`,
        required: true,
        kind: 'text',
      },
      ...(sales
        ? [
            {
              target: 'payment_state',
              source: 'payment_status',
              transforms: 'trim|lower',
              kind: 'text' as const,
            },
            {
              target: 'amount_discount',
              source: 'discount_amount',
              transforms: 'default:0|decimal:2',
              kind: 'decimal2' as const,
            },
          ]
        : []),
      {
        target: 'amount_tax',
        source: 'tax_amount',
        transforms: 'default:0|decimal:2',
        kind: 'decimal2',
      },
      {
        target: 'amount_total',
        source: 'total_amount',
        transforms: 'default:0|decimal:2',
        kind: 'decimal2',
      },
      { target: 'note', source: 'notes', kind: 'text' },
    ],
  };
}

/** *_order_lines -> sales.order_line / purchase.order_line; lines follow their order. */
export function orderLinesSpec(order: OrderKind): EntitySpec {
  const sales = order.kind === 'sales';
  return {
    entity: `${orderEntity(order).replace(/_orders$/, '')}_order_lines`,
    wave: order.open ? 'wave-3-open-transactions' : 'wave-4-history',
    seedRef: '001 Day 708 LINES_QUERY; fixtures/legacy/README.md order amounts',
    source: { system: 'legacy_mysql', table: `${order.kind}_order_lines`, key: 'line_id' },
    target: { table: `${order.kind}.order_line`, legacyKey: 'x_legacy_id' },
    fields: [
      {
        target: 'order_id',
        source: 'order_id',
        lookup: { entity: orderEntity(order) },
        required: true,
        kind: 'integer',
        checksum: false,
      },
      {
        target: 'product_id',
        source: 'product_id',
        lookup: { entity: 'products' },
        required: true,
        kind: 'integer',
        checksum: false,
      },
      {
        target: sales ? 'product_uom_qty' : 'product_qty',
        source: 'quantity',
        transforms: 'decimal:3|min:0.001',
        required: true,
        kind: 'decimal3',
      },
      {
        target: 'price_unit',
        source: 'unit_price',
        transforms: 'decimal:2|min:0',
        required: true,
        kind: 'decimal2',
      },
      ...(sales
        ? [
            {
              target: 'discount',
              source: 'discount_percent',
              transforms: 'default:0|decimal:2',
              kind: 'decimal2' as const,
            },
            {
              target: 'tax_percent',
              source: 'tax_percent',
              transforms: 'default:0|decimal:2',
              kind: 'decimal2' as const,
            },
          ]
        : []),
      {
        target: 'price_subtotal',
        source: 'line_total',
        transforms: 'decimal:2',
        required: true,
        kind: 'decimal2',
      },
    ],
  };
}
