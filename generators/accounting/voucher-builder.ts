import { dhakaDate } from '../core/dhaka-clock.ts';
import { FastRng } from '../core/fast-rng.ts';
import { mulDivHalfUp } from '../core/decimal.ts';
import { mojibake } from '../core/mojibake.ts';
import { SHOP_KINDS, SHOP_STEMS } from '../core/bd-names.ts';
import type { EstateContext } from '../estate-context.ts';
import { ACCOUNT_BY_CODE, UNKNOWN_ACCOUNT_CODES } from './chart.ts';
import { VOUCHER_TYPES, voucherNumber } from './voucher-plan.ts';
import type { VoucherPlan, VoucherType } from './voucher-plan.ts';

/** A voucher line; amounts in mils (1/1000 taka) so a planted third decimal is exact. */
export interface VoucherLine {
  account: string;
  accountName: string;
  debit: number;
  credit: number;
}

export interface Voucher {
  number: string;
  type: VoucherType;
  /** ISO date, '' (missing) or invalid text as exported. */
  date: string;
  /** True when `date` is a real ISO date (written as a date cell). */
  validDate: boolean;
  reference: string | null;
  party: string | null;
  narration: string;
  lines: VoucherLine[];
}

const NARRATIONS: Record<VoucherType, readonly string[]> = {
  Sales: ['Being goods sold', 'Milk supply to outlet', 'Sales as per invoice'],
  Purchase: ['Being feed purchased', 'Medicine purchase', 'Packaging material purchased'],
  Receipt: ['Received against invoice', 'Cash received from customer', 'Cheque deposited'],
  Payment: ['Paid to supplier', 'Electricity bill paid', 'Salary paid', 'Fuel bill paid'],
  Journal: ['Depreciation for the month', 'Accrued expenses', 'Adjustment entry'],
};
const BENGALI_NARRATIONS = [
  'দুধ বিক্রয় বাবদ',
  'খাদ্য ক্রয় বাবদ',
  'বেতন পরিশোধ',
  'বিদ্যুৎ বিল পরিশোধ',
  'নগদ প্রাপ্তি',
];
const INVALID_DATES = ['31/02/%Y', '30/02/%Y', '%Y-13-01', '00/01/%Y', '32/12/%Y'];

/** Builds voucher i with its lines, from (seed, i) alone. */
export class VoucherBuilder {
  private readonly rng: FastRng;

  constructor(
    ctx: EstateContext,
    private readonly plan: VoucherPlan,
  ) {
    this.rng = new FastRng(ctx.input.seed, 'accounting.vouchers.row');
  }

  /** The original (clean) Bengali narration of a mojibake voucher, for the manifest. */
  bengaliNarration(i: number): string {
    return BENGALI_NARRATIONS[i % BENGALI_NARRATIONS.length]!;
  }

  build(i: number): Voucher {
    const { rng, plan } = this;
    rng.at(i);
    const kind = plan.dirt.kindAt(i);
    const type = VOUCHER_TYPES[plan.types[i]!]!;
    const taka = magnitude(rng, type);
    const amount = (taka * 100 + (rng.chance(0.5) ? rng.int(0, 99) : 0)) * 10;
    const lines = this.lines(type, amount);
    if (kind === 'fixable:excess-decimals') {
      const extra = rng.int(1, 9);
      for (const line of lines) {
        if (line.debit > 0) line.debit += extra;
        if (line.credit > 0) line.credit += extra;
      }
    }
    if (kind === 'unbalanced') {
      const credit = lines.find((l) => l.credit > 0)!;
      credit.credit += rng.int(1, 5000) * 100 * (rng.chance(0.5) ? 1 : 10);
    }
    if (kind === 'unknown-account') {
      const line = lines[rng.int(0, lines.length - 1)]!;
      line.account = rng.pick(UNKNOWN_ACCOUNT_CODES);
      line.accountName = rng.chance(0.5) ? 'Suspense (old)' : '';
    }
    const iso = dhakaDate(plan.times[i]!);
    let date = iso;
    if (kind === 'missing-date') date = '';
    if (kind === 'invalid-date') date = rng.pick(INVALID_DATES).replace('%Y', iso.slice(0, 4));
    const sales = type === 'Sales';
    const trade = sales || type === 'Purchase';
    let narration = rng.pick(NARRATIONS[type]);
    if (kind === 'fixable:mojibake') narration = mojibake(this.bengaliNarration(i));
    return {
      number: voucherNumber(plan, i),
      type,
      date,
      validDate: date === iso,
      reference: trade
        ? `${sales ? 'SO' : 'PO'}-${iso.slice(0, 4)}-${String(rng.int(1, 999_999)).padStart(6, '0')}`
        : null,
      party: type === 'Journal' ? null : `${rng.pick(SHOP_STEMS)} ${rng.pick(SHOP_KINDS)}`,
      narration,
      lines,
    };
  }

  private lines(type: VoucherType, amount: number): VoucherLine[] {
    const { rng } = this;
    const cash = () => rng.weighted(CASH_ACCOUNTS);
    switch (type) {
      case 'Sales': {
        const vat = vatOf(rng, amount);
        const lines = [
          dr(rng.chance(0.7) ? '1200' : '1010', amount + vat),
          cr(rng.pick(SALES), amount),
        ];
        if (vat > 0) lines.push(cr('2200', vat));
        return lines;
      }
      case 'Purchase': {
        const vat = vatOf(rng, amount);
        const lines = [dr(rng.pick(PURCHASES), amount)];
        if (vat > 0) lines.push(dr('1300', vat));
        lines.push(cr('2100', amount + vat));
        return lines;
      }
      case 'Receipt':
        return [dr(cash(), amount), cr('1200', amount)];
      case 'Payment':
        return [dr(rng.chance(0.6) ? '2100' : rng.pick(EXPENSES), amount), cr(cash(), amount)];
      case 'Journal':
        return rng.chance(0.5)
          ? [dr('6040', amount), cr('1510', amount)]
          : [dr(rng.pick(EXPENSES), amount), cr('2300', amount)];
    }
  }
}

const SALES = ['4010', '4020', '4030'];
const PURCHASES = ['5010', '5020', '5030'];
const EXPENSES = ['6010', '6020', '6030', '6050', '6060'];
const CASH_ACCOUNTS: readonly (readonly [string, number])[] = [
  ['1020', 50],
  ['1030', 30],
  ['1010', 20],
];

const dr = (code: string, mils: number): VoucherLine => ({
  account: code,
  accountName: ACCOUNT_BY_CODE.get(code)!.name,
  debit: mils,
  credit: 0,
});
const cr = (code: string, mils: number): VoucherLine => ({
  account: code,
  accountName: ACCOUNT_BY_CODE.get(code)!.name,
  debit: 0,
  credit: mils,
});

/** VAT at 0, 5 or 15%, rounded half up to the paisa (in mils). */
function vatOf(rng: FastRng, amountMils: number): number {
  const pct = rng.weighted([
    [0, 40],
    [5, 30],
    [15, 30],
  ] as const);
  return mulDivHalfUp(amountMils / 10, pct, 100) * 10;
}

/** Taka amounts spread over orders of magnitude, as a day book's are. */
function magnitude(rng: FastRng, type: VoucherType): number {
  const max = type === 'Journal' ? 200_000 : type === 'Sales' ? 500_000 : 300_000;
  const exponent = rng.next() * Math.log10(max / 200);
  return Math.max(200, Math.round(200 * 10 ** exponent));
}
