/**
 * Wave 4, accounting history: the accounting package's day book and voucher lines (CSV
 * exports) -> accounting.move / move_line, and the trial balance as at cutover ->
 * accounting.opening_balance. Rules: 000 §7.2, §8.2; 001 Day 708. Criteria: 004 (journal
 * entries balance, account balances accurate), 001 §1.5 (opening balances match), §5.2.
 */
import { describe } from 'vitest';
import {
  aggregate,
  balancedEntries,
  childless,
  fromMinorUnits,
  openingBalancesSpec,
  skippedResult,
  storedTotals,
  toMinorUnits,
  voucherLinesSpec,
  vouchersSpec,
  type CheckMeta,
  type CheckResult,
} from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';

const m = useMigration();
const vouchers = vouchersSpec();
const lines = voucherLinesSpec();
const opening = openingBalancesSpec();
const moves = entityChecks({ wave: vouchers.wave, entity: vouchers.entity });
const ifLoaded =
  (entity: string, run: (meta: CheckMeta) => Promise<CheckResult>) => (meta: CheckMeta) =>
    m.loaded(entity)
      ? run(meta)
      : Promise.resolve(skippedResult(meta, `no bundled loader ran for ${entity} in this run`));
const net = (debit: string | null | undefined, credit: string | null | undefined) =>
  fromMinorUnits(toMinorUnits(debit ?? '0', 2) - toMinorUnits(credit ?? '0', 2), 2);

migratedEntityChecks(m, vouchers, 'Vouchers');
migratedEntityChecks(m, lines, 'Voucher lines');
migratedEntityChecks(m, opening, 'Opening balances');

describe('004: every journal entry balances, has lines, and its amount is the total of its debits', () => {
  moves.check(
    {
      id: 'balanced',
      title: 'debits = credits for every move',
      criterion: 'journals',
      seedRef: '004 validate journal entries balance',
    },
    ifLoaded(vouchers.entity, (meta) =>
      balancedEntries(meta, {
        db: m.target,
        entries: {
          table: 'accounting.move',
          idColumn: 'id',
          keyColumn: 'x_legacy_id',
          where: `e.${entityRows(vouchers)}`,
        },
        lines: {
          table: 'accounting.move_line',
          entryColumn: 'move_id',
          debitColumn: 'debit',
          creditColumn: 'credit',
        },
      }),
    ),
  );
  moves.check(
    {
      id: 'has-lines',
      title: 'no move without lines',
      criterion: 'orphans',
      seedRef: '000 §8.3 orphaned records; 004',
    },
    ifLoaded(vouchers.entity, (meta) =>
      childless(meta, {
        db: m.target,
        parent: {
          table: 'accounting.move',
          idColumn: 'id',
          keyColumn: 'x_legacy_id',
          where: entityRows(vouchers),
        },
        child: { table: 'accounting.move_line', keyColumn: 'x_legacy_id', fkColumn: 'move_id' },
      }),
    ),
  );
  moves.check(
    {
      id: 'amount-is-debits',
      title: "a move's amount equals the sum of its debit lines",
      criterion: 'journals',
      seedRef: '004 account balances accurate; fixtures/legacy/README.md §2 Amount',
    },
    ifLoaded(vouchers.entity, (meta) =>
      storedTotals(meta, {
        db: m.target,
        parent: {
          table: 'accounting.move',
          idColumn: 'id',
          keyColumn: 'x_legacy_id',
          valueColumn: 'amount_total',
          where: entityRows(vouchers),
        },
        child: { table: 'accounting.move_line', fkColumn: 'move_id', amountExpr: 'debit' },
      }),
    ),
  );
});

describe('000 §8.2, 004: postings per account and month reconcile with the exported voucher lines', () => {
  entityChecks({ wave: lines.wave, entity: lines.entity }).check(
    {
      id: 'by-account-month',
      title: 'net postings per account and month within BDT 1.00',
      criterion: 'financial-totals',
      seedRef: '000 §8.2 by period; 004 account balances accurate',
    },
    ifLoaded(lines.entity, async (meta) => {
      const expected = (await m.expectations(lines)).flatMap((e) =>
        e.present
          ? [
              [
                `${e.values['account_id'] ?? '?'} ${(e.values['date'] ?? '').slice(0, 7)}`,
                net(e.values['debit'], e.values['credit']),
              ] as const,
            ]
          : [],
      );
      const month = m.target.dialect.periodExpr('date', 'month');
      return aggregate(meta, {
        source: { label: 'exported voucher lines (rules)', rows: expected },
        target: {
          label: 'target',
          db: m.target,
          sql: `SELECT CAST(account_id AS TEXT) || ' ' || ${month}, SUM(debit - credit) FROM accounting.move_line WHERE ${entityRows(lines)} GROUP BY 1`,
        },
        tolerance: '1.00',
        unit: 'BDT',
      });
    }),
  );
});

describe('001 §1.5, Day 708: opening balances match the accounting export, account by account', () => {
  entityChecks({ wave: opening.wave, entity: opening.entity }).check(
    {
      id: 'match-export',
      title: 'net opening balance per account = the trial balance export, within BDT 1.00',
      criterion: 'financial-totals',
      seedRef: '001 §1.5 opening balances match; 001 §5.1',
    },
    ifLoaded(opening.entity, async (meta) => {
      const exported = (await m.expectations(opening)).flatMap((e) =>
        e.present ? [[e.key, net(e.values['debit'], e.values['credit'])] as const] : [],
      );
      return aggregate(meta, {
        source: { label: 'trial balance export', rows: exported },
        target: {
          label: 'target',
          db: m.target,
          sql: `SELECT a.code, SUM(ob.debit - ob.credit) FROM accounting.opening_balance ob
                  JOIN accounting.account a ON a.id = ob.account_id WHERE ob.${entityRows(opening)} GROUP BY a.code`,
        },
        tolerance: '1.00',
        unit: 'BDT',
      });
    }),
  );
});
