import { awayFromBoundary } from '../core/dhaka-clock.ts';
import { MS_PER_DAY } from '../core/dhaka-time.ts';
import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { EstateContext } from '../estate-context.ts';

export const ACCOUNTING_SOURCE = 'accounting_export';

export type VoucherType = 'Sales' | 'Purchase' | 'Receipt' | 'Payment' | 'Journal';

/** Accounting exports: 90% of vouchers load (seed 000 §3.1); fixable noise on top. */
export const VOUCHER_KINDS = {
  unbalanced: {
    basisPoints: 300,
    field: 'voucher_lines.Credit',
    outcome: { quarantine: 'MIG004' },
  },
  'unknown-account': {
    basisPoints: 300,
    field: 'voucher_lines.Account Code',
    outcome: { quarantine: 'ORPH01' },
  },
  'missing-date': { basisPoints: 200, field: 'Date', outcome: { quarantine: 'MIG003' } },
  'invalid-date': { basisPoints: 200, field: 'Date', outcome: { quarantine: 'MIG004' } },
  'fixable:excess-decimals': {
    basisPoints: 200,
    field: 'voucher_lines.Debit',
    outcome: { fixed: true },
  },
  'fixable:mojibake': { basisPoints: 100, field: 'Narration', outcome: { fixed: true } },
} as const satisfies KindTable;
export type VoucherKind = keyof typeof VOUCHER_KINDS;

const TYPE_WEIGHTS: readonly (readonly [VoucherType, number])[] = [
  ['Sales', 40],
  ['Purchase', 15],
  ['Receipt', 20],
  ['Payment', 15],
  ['Journal', 10],
];
export const VOUCHER_TYPES: readonly VoucherType[] = TYPE_WEIGHTS.map(([t]) => t);

/** Share of vouchers older than the 2-year window (the books go back further). */
const OLD_SHARE = 0.06;

/**
 * Vouchers decided before any row: type (a byte), date (ascending with the number) and
 * dirt. Lines are regenerated from the voucher's own seed.
 */
export interface VoucherPlan {
  rows: number;
  types: Uint8Array;
  times: Float64Array;
  dirt: DirtPlan<VoucherKind>;
}

const cache = new WeakMap<EstateContext, VoucherPlan>();

export function voucherPlan(ctx: EstateContext): VoucherPlan {
  const cached = cache.get(ctx);
  if (cached !== undefined) return cached;
  const rows = ctx.volumes.financialTransactions;
  const rng = new FastRng(ctx.input.seed, 'accounting.vouchers.plan');
  const end = ctx.input.asOfMs - MS_PER_DAY;
  const start = end - (end - ctx.windowStart) / (1 - OLD_SHARE);
  const types = new Uint8Array(rows);
  const times = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    rng.at(i);
    types[i] = VOUCHER_TYPES.indexOf(rng.weighted(TYPE_WEIGHTS));
    const t = start + ((i + rng.next()) / rows) * (end - start);
    times[i] = awayFromBoundary(Math.floor(t / 1000) * 1000, ctx.windowStart);
  }
  const dirt = new DirtPlan(VOUCHER_KINDS, rows, ctx.input.seed, 'accounting.vouchers.dirt', {
    outOfWindow: (i) => times[i]! < ctx.windowStart,
    // Two-line vouchers only, so both sides carry the same extra decimal and still balance.
    eligible: (kind, i) => kind !== 'fixable:excess-decimals' || types[i] === 2 || types[i] === 3,
  });
  const plan: VoucherPlan = { rows, types, times, dirt };
  cache.set(ctx, plan);
  return plan;
}

export const voucherNumber = (plan: VoucherPlan, i: number): string =>
  `${PREFIX[plan.types[i]!]}/${String(i + 1).padStart(6, '0')}`;

const PREFIX = ['SV', 'PV', 'RV', 'BP', 'JV'];
