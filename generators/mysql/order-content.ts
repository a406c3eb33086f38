import type { RawRow } from '../../src/core/dialect.ts';
import { dhakaDateTime } from '../core/dhaka-clock.ts';
import { fixed, mulDivHalfUp } from '../core/decimal.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { EstateContext, PartnerPool } from '../estate-context.ts';
import type { OrderPlan } from './order-plan.ts';
import type { ProductPlan } from './product-plan.ts';

export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'shipped',
  'delivered',
  'invoiced',
  'cancelled',
  'draft',
] as const;

const STATUS_WEIGHTS: readonly (readonly [string, number])[] = [
  ['delivered', 40],
  ['invoiced', 25],
  ['shipped', 7],
  ['confirmed', 8],
  ['pending', 6],
  ['cancelled', 8],
  ['draft', 6],
];
const INVALID_STATUSES = ['complete', 'on-hold', '??', 'returned', 'N/A'];
const CLERKS = ['admin', 'sales01', 'sales02', 'rafiq', 'nasrin', 'shuvo', 'accounts', 'web'];
const NOTES = [
  'Deliver before 10am',
  'Call before delivery',
  'Payment on delivery',
  'সকালে ডেলিভারি',
  'Gate 2, Tejgaon depot',
  'Repeat order',
];
const ZERO_DATE = '0000-00-00 00:00:00';

/** One order with its lines, regenerated from (seed, side, index) alone. */
export interface OrderContent {
  header: RawRow;
  lines: RawRow[];
  /** Paisa: sum of line nets + tax, as total_amount holds it. */
  total: number;
}

/**
 * Builds order i. Amounts are integers in paisa: line net = round-half-up(qty x price x
 * (100 - discount%) / 100), tax per line likewise, header = sums (fixtures/legacy/README.md).
 */
export class OrderContentBuilder {
  private readonly rng: FastRng;
  private readonly lineRng: FastRng;
  private readonly pool: PartnerPool;

  constructor(
    private readonly ctx: EstateContext,
    private readonly plan: OrderPlan,
    private readonly products: ProductPlan,
  ) {
    this.rng = new FastRng(ctx.input.seed, `mysql.${plan.side}.order`);
    this.lineRng = new FastRng(ctx.input.seed, `mysql.${plan.side}.line`);
    this.pool = plan.side === 'sales' ? ctx.customers : ctx.suppliers;
  }

  build(i: number): OrderContent {
    const { plan, rng } = this;
    rng.at(i);
    const kind = plan.dirt.kindAt(i);
    const t = plan.times[i]!;
    const { lines, net, tax, discount } = this.lineRows(i);
    const status = rng.weighted(STATUS_WEIGHTS);
    const done = status === 'delivered' || status === 'invoiced' || status === 'shipped';
    const asOf = this.ctx.input.asOfMs;
    const later = (minDays: number, maxDays: number): number | null => {
      const d = t + rng.int(minDays * 24, maxDays * 24) * 3_600_000;
      return d < asOf ? d : null;
    };
    const secondDate = done ? later(1, 6) : null;
    const expected = later(3, 14);
    const header: RawRow = [
      String(i + 1),
      `${plan.side === 'sales' ? 'SO' : 'PO'}-${dhakaDateTime(t).slice(0, 4)}-${String(i + 1).padStart(6, '0')}`,
      this.partner(kind),
      kind === 'zero-order-date' ? ZERO_DATE : dhakaDateTime(t),
    ];
    const stamp = (ms: number | null): string | null => (ms === null ? null : dhakaDateTime(ms));
    if (plan.side === 'sales') {
      header.push(kind === 'fixable:zero-date' ? ZERO_DATE : stamp(secondDate));
    } else {
      header.push(stamp(expected), kind === 'fixable:zero-date' ? ZERO_DATE : stamp(secondDate));
    }
    header.push(
      fixed(net + tax, 2),
      fixed(tax, 2),
      fixed(discount, 2),
      this.status(kind, status),
      status === 'cancelled' || !done ? 'unpaid' : rng.weighted(PAYMENT_WEIGHTS),
      rng.chance(0.1) ? rng.pick(NOTES) : null,
      rng.pick(CLERKS),
      dhakaDateTime(t),
      dhakaDateTime(Math.min(asOf - 60_000, t + rng.int(0, 20 * 24) * 3_600_000)),
    );
    return { header, lines, total: net + tax };
  }

  /** Order i's lines alone: they draw from their own stream, so the header is not needed. */
  lineRows(i: number): { lines: RawRow[]; net: number; tax: number; discount: number } {
    const { plan } = this;
    const lines: RawRow[] = [];
    let net = 0;
    let tax = 0;
    let discount = 0;
    for (let l = plan.lineStart[i]!; l < plan.lineStart[i + 1]!; l++) {
      const line = this.line(l, i + 1);
      lines.push(line.row);
      net += line.net;
      tax += line.tax;
      discount += line.gross - line.net;
    }
    return { lines, net, tax, discount };
  }

  private partner(kind: string | undefined): string | null {
    const { rng, pool } = this;
    if (kind === 'missing-partner') return null;
    if (kind === 'orphan-partner') {
      if (pool.rejected.length > 0 && rng.chance(0.5)) return String(rng.pickOf(pool.rejected));
      return String(this.ctx.partnerIdCeiling + rng.int(0, 9_999));
    }
    return String(rng.pickOf(pool.loadable));
  }

  private status(kind: string | undefined, status: string): string {
    const { rng } = this;
    if (kind === 'invalid-status') return rng.pick(INVALID_STATUSES);
    if (kind !== 'fixable:status-case') return status;
    const variants = [
      status[0]!.toUpperCase() + status.slice(1),
      ` ${status.toUpperCase()}`,
      `${status} `,
    ];
    return rng.pick(variants);
  }

  private line(
    l: number,
    orderId: number,
  ): { row: RawRow; gross: number; net: number; tax: number } {
    const { lineRng: rng, products, plan } = this;
    rng.at(l);
    const sales = plan.side === 'sales';
    const p = rng.pickOf(sales ? products.sellable : products.buyable);
    const deleted = plan.lineDirt.kindAt(l) === 'deleted-product';
    const productId = deleted ? rng.pickOf(products.deletedIds) : products.ids[p]!;
    const price = sales ? products.unitPrice[p]! : products.costPrice[p]!;
    const qty = sales ? rng.int(1, 48) : rng.int(5, 200);
    const discountPct = rng.weighted(sales ? SALES_DISCOUNTS : PURCHASE_DISCOUNTS);
    const taxPct = rng.weighted(TAXES);
    const gross = qty * price;
    const net = mulDivHalfUp(gross, 100 - discountPct, 100);
    const tax = mulDivHalfUp(net, taxPct, 100);
    return {
      row: [
        String(l + 1),
        String(orderId),
        String(productId),
        `${qty}.000`,
        fixed(price, 2),
        `${discountPct}.00`,
        `${taxPct}.00`,
        fixed(net, 2),
      ],
      gross,
      net,
      tax,
    };
  }
}

const PAYMENT_WEIGHTS: readonly (readonly [string, number])[] = [
  ['paid', 70],
  ['partial', 15],
  ['unpaid', 15],
];
const SALES_DISCOUNTS: readonly (readonly [number, number])[] = [
  [0, 70],
  [5, 20],
  [10, 10],
];
const PURCHASE_DISCOUNTS: readonly (readonly [number, number])[] = [
  [0, 80],
  [2, 15],
  [5, 5],
];
const TAXES: readonly (readonly [number, number])[] = [
  [0, 50],
  [5, 30],
  [15, 20],
];
