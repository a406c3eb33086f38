import { dhakaDate, dhakaMonth, dmy } from '../core/dhaka-clock.ts';
import { fixed } from '../core/decimal.ts';
import { WINDOW_RULE } from '../core/dirt-plan.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry, ManifestTotals } from '../core/manifest.ts';
import { DebitCredit, KeyedSums } from '../core/totals.ts';
import { estateContext } from '../estate-context.ts';
import type { EstateContext } from '../estate-context.ts';
import type { ExportCell, ExportRow } from '../files/export-cell.ts';
import type { ExportTable } from '../files/export-table.ts';
import { amountText } from './amount-text.ts';
import { CHART, POSTING_ACCOUNTS } from './chart.ts';
import { VoucherBuilder } from './voucher-builder.ts';
import type { Voucher } from './voucher-builder.ts';
import { ACCOUNTING_SOURCE, voucherNumber, voucherPlan } from './voucher-plan.ts';
import type { VoucherPlan } from './voucher-plan.ts';

const COMPANY: ExportRow = ['Smart Dairy Ltd.'];
const FORMATS = ['csv', 'xlsx'] as const;

const amount = (mils: number | bigint): ExportCell => ({ amount: amountText(mils) });
const dateCell = (v: Voucher): ExportCell => (v.validDate ? { date: v.date } : v.date);
const asAt = (ctx: EstateContext) => dhakaDate(ctx.input.asOfMs);

/** The accounting package's four exports (fixtures/legacy/README.md §2). */
export function accountingTables(options: GeneratorOptions): ExportTable[] {
  const ctx = estateContext(options);
  return [chartTable(ctx), vouchersTable(ctx), voucherLinesTable(ctx), openingBalancesTable(ctx)];
}

function chartTable(ctx: EstateContext): ExportTable {
  const tally = new ExpectationTally(ACCOUNTING_SOURCE, 'chart_of_accounts');
  for (let i = 0; i < CHART.length; i++) tally.loaded();
  return {
    source: ACCOUNTING_SOURCE,
    table: 'chart_of_accounts',
    entity: 'accounts',
    file: 'accounting/chart_of_accounts',
    sheet: 'Chart of Accounts',
    formats: FORMATS,
    preamble: [COMPANY, ['Chart of Accounts'], [`As at ${dmy(asAt(ctx))}`], []],
    header: ['Account Code', 'Account Name', 'Account Type', 'Parent Code', 'Group'],
    key: ['Account Code'],
    rowCount: CHART.length,
    *cells() {
      for (const a of CHART) {
        const group = a.parent === null ? a.name : CHART.find((g) => g.code === a.parent)!.name;
        yield [a.code, a.name, a.type, a.parent, group];
      }
    },
    footer: () => ['Total', `${CHART.length} accounts`, null, null, null],
    dirt: [],
    expected: tally.expected,
  };
}

function vouchersTable(ctx: EstateContext): ExportTable {
  const plan = voucherPlan(ctx);
  const tally = new ExpectationTally(ACCOUNTING_SOURCE, 'vouchers');
  const dirt: DirtEntry[] = [];
  const builder = new VoucherBuilder(ctx, plan);
  for (let i = 0; i < plan.rows; i++) {
    const e = plan.dirt.entry(ACCOUNTING_SOURCE, 'vouchers', i, voucherNumber(plan, i), 'Date');
    tally.record(e?.reason, e?.rule, e !== undefined);
    if (e === undefined) continue;
    if (e.kind === 'fixable:mojibake') e.original = builder.bengaliNarration(i);
    dirt.push(e);
  }
  let total = 0n;
  return {
    source: ACCOUNTING_SOURCE,
    table: 'vouchers',
    entity: 'vouchers',
    file: 'accounting/vouchers',
    sheet: 'Day Book',
    formats: FORMATS,
    preamble: [COMPANY, ['Day Book'], [period(ctx, plan)], []],
    header: ['Voucher No', 'Date', 'Voucher Type', 'Reference', 'Party', 'Narration', 'Amount'],
    key: ['Voucher No'],
    rowCount: plan.rows,
    *cells() {
      const b = new VoucherBuilder(ctx, plan);
      let sum = 0n;
      for (let i = 0; i < plan.rows; i++) {
        const v = b.build(i);
        let debit = 0;
        for (const l of v.lines) debit += l.debit;
        sum += BigInt(debit);
        yield [v.number, dateCell(v), v.type, v.reference, v.party, v.narration, amount(debit)];
      }
      total = sum;
    },
    footer: () => ['Total', null, null, null, null, null, amount(total)],
    dirt,
    expected: tally.expected,
  };
}

function period(ctx: EstateContext, plan: VoucherPlan): string {
  const first = plan.rows > 0 ? dhakaDate(plan.times[0]!) : asAt(ctx);
  return `Period: ${dmy(first)} to ${dmy(asAt(ctx))}`;
}

function voucherLinesTable(ctx: EstateContext): ExportTable {
  const plan = voucherPlan(ctx);
  const tally = new ExpectationTally(ACCOUNTING_SOURCE, 'voucher_lines');
  // Lines follow their voucher: counted during the pass, when their number is known.
  let debitTotal = 0n;
  let creditTotal = 0n;
  let totals: ManifestTotals['vouchers'] | undefined;
  const { lineCounts } = ledger(ctx);
  let rows = 0;
  for (let i = 0; i < plan.rows; i++) {
    const n = lineCounts[i]!;
    rows += n;
    for (let k = 0; k < n; k++) {
      if (plan.dirt.isOutOfWindow(i)) tally.outOfScope(WINDOW_RULE);
      else if (!plan.dirt.loads(i)) tally.quarantined('ORPH01');
      else tally.loaded(plan.dirt.kindAt(i) === 'fixable:excess-decimals');
    }
  }
  return {
    source: ACCOUNTING_SOURCE,
    table: 'voucher_lines',
    entity: 'voucher_lines',
    file: 'accounting/voucher_lines',
    sheet: 'Voucher Lines',
    formats: FORMATS,
    preamble: [COMPANY, ['Voucher Lines'], [period(ctx, plan)], []],
    header: ['Voucher No', 'Line No', 'Date', 'Account Code', 'Account Name', 'Debit', 'Credit'],
    key: ['Voucher No', 'Line No'],
    rowCount: rows,
    *cells() {
      const b = new VoucherBuilder(ctx, plan);
      const sums = new VoucherSums();
      let debit = 0n;
      let credit = 0n;
      for (let i = 0; i < plan.rows; i++) {
        const v = b.build(i);
        const counted = plan.dirt.loads(i) && plan.times[i]! >= ctx.windowStart;
        if (counted) sums.voucher(dhakaMonth(plan.times[i]!));
        for (let k = 0; k < v.lines.length; k++) {
          const l = v.lines[k]!;
          debit += BigInt(l.debit);
          credit += BigInt(l.credit);
          if (counted) sums.line(dhakaMonth(plan.times[i]!), l.account, l.debit, l.credit);
          yield [
            v.number,
            { number: String(k + 1) },
            dateCell(v),
            l.account,
            l.accountName,
            l.debit > 0 ? amount(l.debit) : null,
            l.credit > 0 ? amount(l.credit) : null,
          ];
        }
      }
      debitTotal = debit;
      creditTotal = credit;
      totals = sums.toJSON();
    },
    footer: () => ['Total', null, null, null, null, amount(debitTotal), amount(creditTotal)],
    totals: () => (totals === undefined ? {} : { vouchers: totals }),
    dirt: [],
    expected: tally.expected,
  };
}

/** Loaded vouchers in the window: paisa (excess decimals rounded half up), per month and account. */
class VoucherSums {
  private readonly all = new DebitCredit();
  private readonly months = new KeyedSums(() => ({
    total: new DebitCredit(),
    accounts: new KeyedSums(() => new DebitCredit()),
  }));

  voucher(month: string): void {
    this.all.count++;
    this.months.at(month).total.count++;
  }

  line(month: string, account: string, debitMils: number, creditMils: number): void {
    const debit = BigInt(roundMils(debitMils));
    const credit = BigInt(roundMils(creditMils));
    const m = this.months.at(month);
    for (const dc of [this.all, m.total, m.accounts.at(account)]) {
      dc.debit += debit;
      dc.credit += credit;
    }
  }

  toJSON(): ManifestTotals['vouchers'] {
    return {
      loaded: this.all.toJSON(),
      byMonth: this.months.render((m) => ({
        ...m.total.toJSON(),
        byAccount: m.accounts.render((a) => ({
          debit: fixed(a.debit, 2),
          credit: fixed(a.credit, 2),
        })),
      })),
    };
  }
}

/** Mils to paisa, half up: how the rules must repair a planted third decimal. */
export const roundMils = (mils: number): number => Math.floor((mils + 5) / 10);

function openingBalancesTable(ctx: EstateContext): ExportTable {
  const balances = trialBalance(ctx);
  const tally = new ExpectationTally(ACCOUNTING_SOURCE, 'opening_balances');
  for (let i = 0; i < POSTING_ACCOUNTS.length; i++) tally.loaded();
  let debit = 0n;
  let credit = 0n;
  const byAccount: Record<string, { debit: string; credit: string }> = {};
  for (const a of POSTING_ACCOUNTS) {
    const net = balances.get(a.code)!;
    const d = net > 0n ? net : 0n;
    const c = net < 0n ? -net : 0n;
    debit += d;
    credit += c;
    byAccount[a.code] = { debit: fixed(d, 2), credit: fixed(c, 2) };
  }
  const at = asAt(ctx);
  return {
    source: ACCOUNTING_SOURCE,
    table: 'opening_balances',
    entity: 'opening_balances',
    file: 'accounting/opening_balances',
    sheet: 'Trial Balance',
    formats: FORMATS,
    preamble: [COMPANY, ['Trial Balance'], [`As at ${dmy(at)}`], []],
    header: ['Account Code', 'Account Name', 'Debit', 'Credit'],
    key: ['Account Code'],
    rowCount: POSTING_ACCOUNTS.length,
    *cells() {
      for (const a of POSTING_ACCOUNTS) {
        const net = balances.get(a.code)!;
        yield [
          a.code,
          a.name,
          net > 0n ? amount(net * 10n) : null,
          net < 0n ? amount(-net * 10n) : null,
        ];
      }
    },
    footer: () => ['Total', null, amount(debit * 10n), amount(credit * 10n)],
    totals: () => ({
      openingBalances: { asAt: at, debit: fixed(debit, 2), credit: fixed(credit, 2), byAccount },
    }),
    dirt: [],
    expected: tally.expected,
  };
}

/**
 * Net balance per posting account in paisa (debit positive) as at the cutover: balances
 * brought forward before the history (balanced through retained earnings) plus every
 * loadable voucher, in or out of the window. Dirty vouchers are not in the books.
 */
function trialBalance(ctx: EstateContext): Map<string, bigint> {
  const rng = new FastRng(ctx.input.seed, 'accounting.brought-forward');
  const net = new Map<string, bigint>(POSTING_ACCOUNTS.map((a) => [a.code, 0n]));
  let imbalance = 0n;
  for (const a of POSTING_ACCOUNTS) {
    if (a.code === '3200' || a.type === 'income' || a.type === 'expense') continue;
    const taka = BigInt(rng.int(50_000, 5_000_000));
    const sign = a.type === 'asset' && a.code !== '1510' ? 1n : -1n;
    net.set(a.code, sign * taka * 100n);
    imbalance += sign * taka * 100n;
  }
  net.set('3200', -imbalance);
  for (const [code, delta] of ledger(ctx).postings) net.set(code, net.get(code)! + delta);
  return net;
}

interface Ledger {
  /** Lines per voucher, so the lines table knows its size and outcomes before its pass. */
  lineCounts: Uint8Array;
  /** Net paisa (debit positive) per account over every voucher in the books. */
  postings: Map<string, bigint>;
}

const ledgers = new WeakMap<EstateContext, Ledger>();

/**
 * One pass over the vouchers that both the lines table (its row count) and the trial
 * balance (its postings) need, memoised per estate. Loadable vouchers are in the books,
 * in or out of the window; dirty ones are not.
 */
function ledger(ctx: EstateContext): Ledger {
  const cached = ledgers.get(ctx);
  if (cached !== undefined) return cached;
  const plan = voucherPlan(ctx);
  const builder = new VoucherBuilder(ctx, plan);
  const lineCounts = new Uint8Array(plan.rows);
  const postings = new Map<string, bigint>();
  for (let i = 0; i < plan.rows; i++) {
    const lines = builder.build(i).lines;
    lineCounts[i] = lines.length;
    if (!plan.dirt.loads(i) && !plan.dirt.isOutOfWindow(i)) continue;
    for (const l of lines) {
      const delta = BigInt(roundMils(l.debit) - roundMils(l.credit));
      postings.set(l.account, (postings.get(l.account) ?? 0n) + delta);
    }
  }
  const result = { lineCounts, postings };
  ledgers.set(ctx, result);
  return result;
}
