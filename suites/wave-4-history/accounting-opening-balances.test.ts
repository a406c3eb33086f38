/**
 * Wave 4, accounting: the trial balance as at cutover (CSV export) ->
 * accounting.opening_balance. Rules: 001 Day 708. Criteria: 001 §1.5 (opening balances
 * match), §5.2.
 */
import { describe } from 'vitest';
import { aggregate, openingBalancesSpec } from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';
import { netPerGroup } from '../support/accounting.ts';

const m = useMigration();
const opening = openingBalancesSpec();

migratedEntityChecks(m, opening, 'Opening balances');

describe('001 §1.5, Day 708: opening balances match the accounting export, account by account', () => {
  entityChecks({ wave: opening.wave, entity: opening.entity }).check(
    {
      id: 'match-export',
      title: 'net opening balance per account = the trial balance export, within BDT 1.00',
      criterion: 'financial-totals',
      seedRef: '001 §1.5 opening balances match; 001 §5.1',
    },
    m.ifLoaded(opening.entity, async (meta) =>
      aggregate(
        meta,
        await netPerGroup(
          m,
          opening,
          { label: 'trial balance export', group: (key) => key },
          `SELECT a.code, SUM(ob.debit - ob.credit) FROM accounting.opening_balance ob
             JOIN accounting.account a ON a.id = ob.account_id WHERE ob.${entityRows(opening)} GROUP BY a.code`,
        ),
      ),
    ),
  );
});
