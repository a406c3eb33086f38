import { awayFromBoundary } from '../core/dhaka-clock.ts';
import { MS_PER_DAY } from '../core/dhaka-time.ts';
import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { EstateContext } from '../estate-context.ts';

export type OrderSide = 'sales' | 'purchase';

/** Website DB: 85% of orders load (seed 000 §3.1); fixable noise on top. */
export const ORDER_KINDS = {
  'orphan-partner': { basisPoints: 600, field: 'partner', outcome: { quarantine: 'ORPH01' } },
  'missing-partner': { basisPoints: 300, field: 'partner', outcome: { quarantine: 'MIG003' } },
  'zero-order-date': { basisPoints: 300, field: 'order_date', outcome: { quarantine: 'MIG003' } },
  'invalid-status': { basisPoints: 300, field: 'status', outcome: { quarantine: 'MIG004' } },
  'fixable:zero-date': { basisPoints: 300, field: 'date', outcome: { fixed: true } },
  'fixable:status-case': { basisPoints: 500, field: 'status', outcome: { fixed: true } },
} as const satisfies KindTable;
export type OrderKind = keyof typeof ORDER_KINDS;

/** Lines are checked against products; about 3% of lines of loadable orders are orphans. */
export const LINE_KINDS = {
  'deleted-product': { basisPoints: 300, field: 'product_id', outcome: { quarantine: 'ORPH01' } },
} as const satisfies KindTable;

/** Share of orders older than the 2-year window: history the window must leave out. */
const OLD_SHARE = 0.05;

/**
 * Orders decided before any row: when each was placed (ascending with order_id), how many
 * lines it has (so line ids are known), and the dirt of orders and of lines. Per order a
 * few bytes; per line one byte and a back-reference.
 */
export interface OrderPlan {
  side: OrderSide;
  rows: number;
  times: Float64Array;
  lineStart: Uint32Array;
  orderOfLine: Uint32Array;
  dirt: DirtPlan<OrderKind>;
  lineDirt: DirtPlan<'deleted-product'>;
}

const cache = new WeakMap<EstateContext, Partial<Record<OrderSide, OrderPlan>>>();

export function orderPlan(ctx: EstateContext, side: OrderSide): OrderPlan {
  const perContext = cache.get(ctx) ?? {};
  cache.set(ctx, perContext);
  const cached = perContext[side];
  if (cached !== undefined) return cached;
  const rows = side === 'sales' ? ctx.volumes.salesOrders : ctx.volumes.purchaseOrders;
  const seed = ctx.input.seed;
  const rng = new FastRng(seed, `mysql.${side}.plan`);
  const end = ctx.input.asOfMs - MS_PER_DAY;
  const start = end - (end - ctx.windowStart) / (1 - OLD_SHARE);
  const times = new Float64Array(rows);
  const lineStart = new Uint32Array(rows + 1);
  const maxLines = side === 'sales' ? 6 : 4;
  for (let i = 0; i < rows; i++) {
    rng.at(i);
    const t = start + ((i + rng.next()) / rows) * (end - start);
    times[i] = awayFromBoundary(Math.floor(t / 1000) * 1000, ctx.windowStart);
    lineStart[i + 1] = lineStart[i]! + rng.int(1, maxLines);
  }
  const lines = lineStart[rows]!;
  const orderOfLine = new Uint32Array(lines);
  for (let i = 0; i < rows; i++) orderOfLine.fill(i, lineStart[i]!, lineStart[i + 1]!);
  const dirt = new DirtPlan(ORDER_KINDS, rows, seed, `mysql.${side}.dirt`, {
    outOfWindow: (i) => times[i]! < ctx.windowStart,
  });
  const lineDirt = new DirtPlan(LINE_KINDS, lines, seed, `mysql.${side}.line-dirt`, {
    // An orphan line only in a loadable order that keeps at least one good line, so the
    // order itself still loads (seed 001 skips orders left without lines).
    eligible: (_kind, line, kinds) => {
      const order = orderOfLine[line]!;
      if (!dirt.loads(order)) return false;
      const from = lineStart[order]!;
      const to = lineStart[order + 1]!;
      if (to - from < 2) return false;
      for (let l = from; l < to; l++) if (kinds[l] !== 0) return false;
      return true;
    },
  });
  const plan: OrderPlan = { side, rows, times, lineStart, orderOfLine, dirt, lineDirt };
  perContext[side] = plan;
  return plan;
}
