/**
 * Wave 4, accounting history: the accounting package's voucher lines (CSV export) ->
 * accounting.move_line. Rules: 000 §7.2, §8.2; 001 Day 708. Criteria: 004 (account
 * balances accurate), 001 §5.2.
 */
import { describe } from 'vitest';
import { aggregate, voucherLinesSpec } from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';
import { net } from '../support/accounting.ts';

const m = useMigration();
const lines = voucherLinesSpec();

migratedEntityChecks(m, lines, 'Voucher lines');

describe('000 §8.2, 004: postings per account and month reconcile with the exported voucher lines', () => {
  entityChecks({ wave: lines.wave, entity: lines.entity }).check(
    {
      id: 'by-account-month',
      title: 'net postings per account and month within BDT 1.00',
      criterion: 'financial-totals',
      seedRef: '000 §8.2 by period; 004 account balances accurate',
    },
    m.ifLoaded(lines.entity, async (meta) => {
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
