/**
 * Wave 4, accounting history: the accounting package's day book (CSV export) ->
 * accounting.move. Rules: 000 §7.2; 001 Day 708. Criteria: 004 (journal entries balance),
 * 001 §5.2. The lines and the opening balances have suites of their own, so the three
 * oracles run on different workers.
 */
import { describe } from 'vitest';
import { balancedEntries, childless, storedTotals, vouchersSpec } from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';

const m = useMigration();
const vouchers = vouchersSpec();
const moves = entityChecks({ wave: vouchers.wave, entity: vouchers.entity });

migratedEntityChecks(m, vouchers, 'Vouchers');

describe('004: every journal entry balances, has lines, and its amount is the total of its debits', () => {
  moves.check(
    {
      id: 'balanced',
      title: 'debits = credits for every move',
      criterion: 'journals',
      seedRef: '004 validate journal entries balance',
    },
    m.ifLoaded(vouchers.entity, (meta) =>
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
    m.ifLoaded(vouchers.entity, (meta) =>
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
    m.ifLoaded(vouchers.entity, (meta) =>
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
