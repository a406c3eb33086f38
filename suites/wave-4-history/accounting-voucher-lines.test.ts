/**
 * Wave 4, accounting history: the accounting package's voucher lines (CSV export) ->
 * accounting.move_line. Rules: 000 §7.2, §8.2; 001 Day 708. Criteria: 004 (account
 * balances accurate), 001 §5.2.
 */
import { describe } from 'vitest';
import { aggregate, voucherLinesSpec } from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';
import { netPerGroup } from '../support/accounting.ts';

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
    m.ifLoaded(lines.entity, async (meta) =>
      aggregate(
        meta,
        await netPerGroup(
          m,
          lines,
          {
            label: 'exported voucher lines (rules)',
            group: (_key, v) => `${v['account_id'] ?? '?'} ${(v['date'] ?? '').slice(0, 7)}`,
          },
          `SELECT CAST(account_id AS TEXT) || ' ' || ${m.target.dialect.periodExpr('date', 'month')}, SUM(debit - credit)
             FROM accounting.move_line WHERE ${entityRows(lines)} GROUP BY 1`,
        ),
      ),
    ),
  );
});
