import type { Db } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { PlantedDefect } from './defect.ts';

const C = 'wave-2-master-data/customers';
const MIGRATED = "x_source_system = 'legacy_mysql'";
const entities = ['customers'] as const;

// Keys are chosen by property, not by number, so a defect plants the same kind of damage
// on any seed; partners with a zero credit limit are used where the damage must not move
// money (a defect touches what it names and nothing else).

/** The first migrated partner matching `where`, by legacy key, so a plant is repeatable. */
async function firstPartner(target: Db, where: string): Promise<string> {
  const { rows } = await target.query(
    `SELECT x_legacy_id FROM core.res_partner WHERE ${MIGRATED} AND ${where} ORDER BY length(x_legacy_id), x_legacy_id LIMIT 1`,
  );
  const key = rows[0]?.[0];
  if (!key)
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `no migrated partner to plant a defect on (${where})`,
    );
  return key;
}

async function updatePartner(target: Db, key: string, set: string): Promise<string> {
  await target.query(`UPDATE core.res_partner SET ${set} WHERE ${MIGRATED} AND x_legacy_id = $1`, [
    key,
  ]);
  return key;
}

/**
 * A partner no migrated transaction references: removing it leaves the other waves (and the
 * oracle's parent lookups for their records) exactly as they were.
 */
const NO_TRANSACTIONS = `NOT EXISTS (SELECT 1 FROM sales."order" o WHERE o.partner_id = core.res_partner.id)
  AND NOT EXISTS (SELECT 1 FROM purchase."order" o WHERE o.partner_id = core.res_partner.id)
  AND NOT EXISTS (SELECT 1 FROM accounting.move mv WHERE mv.partner_id = core.res_partner.id)
  AND NOT EXISTS (SELECT 1 FROM accounting.move_line ml WHERE ml.partner_id = core.res_partner.id)`;

/** Dhaka month of a partner's creation, as the credit-by-month check groups it. */
const MONTH = "to_char(created_at + interval '6 hours', 'YYYY-MM')";

async function shiftCredit(target: Db, amount: string): Promise<string> {
  const key = await firstPartner(target, 'credit_limit >= 100 AND created_at IS NOT NULL');
  return updatePartner(target, key, `credit_limit = credit_limit + ${amount}`);
}

export const customerDefects: readonly PlantedDefect[] = [
  {
    name: 'drop-row',
    description: 'the loader loses one partner',
    entities,
    mustFail: [
      `${C}/row-count-active`,
      `${C}/row-count-all`,
      `${C}/accounted-for`,
      `${C}/success-rate`,
      `${C}/row-count-by-segment`,
      `${C}/checksum`,
      `${C}/identity-pushdown`,
    ],
    async apply(target) {
      const key = await firstPartner(target, `credit_limit = 0 AND ${NO_TRANSACTIONS}`);
      await target.query(
        `DELETE FROM migration.id_map WHERE entity = 'customers' AND legacy_id = $1`,
        [key],
      );
      await target.query(`DELETE FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $1`, [
        key,
      ]);
      return key;
    },
  },
  {
    name: 'duplicate-row',
    description: 'the loader skips deduplication: a duplicate it should have quarantined is loaded',
    entities,
    // A loader that skips deduplication writes no id map for the copy either.
    mustFail: [
      `${C}/checksum`,
      `${C}/identity-pushdown`,
      `${C}/duplicates`,
      `${C}/row-count-by-segment`,
      `${C}/id-map`,
    ],
    async apply(target) {
      // The deduplicator's message names the survivor: 'duplicate of record <key> (...)'.
      // A survivor without credit keeps the money checks out of it.
      const { rows } = await target.query(
        `SELECT q.legacy_key, p.x_legacy_id FROM migration.quarantine q
           JOIN core.res_partner p ON p.x_source_system = 'legacy_mysql' AND p.x_legacy_id = substring(q.message from 'record (\\S+)')
          WHERE q.entity = 'customers' AND q.reason_code = 'DUP001' AND p.credit_limit = 0
          ORDER BY length(q.legacy_key), q.legacy_key LIMIT 1`,
      );
      const duplicateKey = rows[0]?.[0];
      const survivorKey = rows[0]?.[1];
      if (!duplicateKey || !survivorKey) {
        throw new CutoverError(
          ErrorCodes.CONFIG_INVALID,
          'no DUP001 quarantine row to plant duplicate-row on',
        );
      }
      await target.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO core.res_partner (name, email, phone, mobile, street, street2, city, zip, customer_type,
             is_company, credit_limit, active, customer_rank, supplier_rank, vat, x_nid_number, comment, created_at,
             x_legacy_id, x_source_system, x_migration_batch)
           SELECT name, email, phone, mobile, street, street2, city, zip, customer_type, is_company, credit_limit,
             active, customer_rank, supplier_rank, vat, x_nid_number, comment, created_at, $1, x_source_system,
             x_migration_batch
           FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $2`,
          [duplicateKey, survivorKey],
        );
        await tx.query(
          `DELETE FROM migration.quarantine WHERE entity = 'customers' AND legacy_key = $1`,
          [duplicateKey],
        );
      });
      return duplicateKey;
    },
  },
  {
    name: 'shift-amount-0.60',
    description:
      "one partner's credit limit is BDT 0.60 off: exact checks catch it, the BDT 1.00 tolerance absorbs it",
    entities,
    mustFail: [`${C}/checksum`, `${C}/identity-pushdown`],
    mustPass: [`${C}/credit-by-month`],
    apply: (target) => shiftCredit(target, '0.60'),
  },
  {
    name: 'shift-amount-1.50',
    description:
      "one partner's credit limit is BDT 1.50 off: outside the tolerance, its month fails",
    entities,
    mustFail: [`${C}/checksum`, `${C}/identity-pushdown`, `${C}/credit-by-month`],
    apply: (target) => shiftCredit(target, '1.50'),
  },
  {
    name: 'cancelling-months',
    description:
      'two opposite BDT 50.00 errors in different months: the total holds, both months fail',
    entities,
    mustFail: [`${C}/checksum`, `${C}/identity-pushdown`, `${C}/credit-by-month`],
    async apply(target) {
      const plus = await firstPartner(target, 'credit_limit >= 100 AND created_at IS NOT NULL');
      const { rows } = await target.query(
        `SELECT ${MONTH} FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $1`,
        [plus],
      );
      const minus = await firstPartner(
        target,
        `credit_limit >= 100 AND created_at IS NOT NULL AND ${MONTH} <> '${rows[0]?.[0] ?? ''}'`,
      );
      await updatePartner(target, plus, 'credit_limit = credit_limit + 50.00');
      await updatePartner(target, minus, 'credit_limit = credit_limit - 50.00');
      return `${plus},${minus}`;
    },
  },
  {
    name: 'change-name-char',
    description: "one character of a partner's name changes in flight",
    entities,
    mustFail: [`${C}/checksum`],
    async apply(target) {
      const key = await firstPartner(target, "length(name) > 3 AND substr(name, 2, 1) <> 'x'");
      return updatePartner(target, key, "name = substr(name, 1, 1) || 'x' || substr(name, 3)");
    },
  },
  {
    name: 'alter-email',
    description: "one partner's email is changed in flight",
    entities,
    mustFail: [`${C}/checksum`],
    async apply(target) {
      const key = await firstPartner(target, 'email IS NOT NULL');
      return updatePartner(target, key, "email = 'x' || email");
    },
  },
  {
    name: 'lose-timezone',
    description: 'a creation time is stored as Dhaka wall-clock time read as UTC (6 hours off)',
    entities,
    mustFail: [`${C}/checksum`, `${C}/identity-pushdown`],
    async apply(target) {
      const key = await firstPartner(target, 'credit_limit = 0 AND created_at IS NOT NULL');
      return updatePartner(target, key, "created_at = created_at + interval '6 hours'");
    },
  },
  {
    name: 'truncate-text',
    description:
      'the longest note is truncated to 20 characters (a VARCHAR too short in the target)',
    entities,
    mustFail: [`${C}/checksum`, `${C}/identity-pushdown`],
    async apply(target) {
      const { rows } = await target.query(
        `SELECT x_legacy_id FROM core.res_partner WHERE ${MIGRATED} AND length(comment) > 20 ORDER BY length(comment) DESC, x_legacy_id LIMIT 1`,
      );
      const key = rows[0]?.[0];
      if (!key)
        throw new CutoverError(
          ErrorCodes.CONFIG_INVALID,
          'no partner with a note longer than 20 characters',
        );
      return updatePartner(target, key, 'comment = left(comment, 20)');
    },
  },
  {
    name: 'blank-required',
    description:
      "a partner's required name is written blank (the column refuses NULL, the loader writes '')",
    entities,
    mustFail: [`${C}/checksum`, `${C}/required-fields`],
    async apply(target) {
      return updatePartner(target, await firstPartner(target, 'credit_limit = 0'), "name = ''");
    },
  },
  {
    name: 'bad-mobile-format',
    description: 'a mobile is loaded without the +880 prefix the rules add',
    entities,
    mustFail: [`${C}/checksum`, `${C}/formats`],
    async apply(target) {
      const key = await firstPartner(target, "mobile LIKE '+880%'");
      return updatePartner(target, key, "mobile = '0' || substr(mobile, 5)");
    },
  },
  {
    name: 'unaccepted-exception',
    description:
      'a partner is rejected by the target (LOAD01) and quarantined: no disposition accepts it',
    entities,
    mustFail: [
      `${C}/success-rate`,
      `${C}/row-count-by-segment`,
      `${C}/checksum`,
      `${C}/identity-pushdown`,
    ],
    async apply(target) {
      const key = await firstPartner(target, `credit_limit = 0 AND ${NO_TRANSACTIONS}`);
      await target.transaction(async (tx) => {
        await tx.query(
          `DELETE FROM migration.id_map WHERE entity = 'customers' AND legacy_id = $1`,
          [key],
        );
        const { rows } = await tx.query(
          `SELECT x_migration_batch FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $1`,
          [key],
        );
        await tx.query(`DELETE FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $1`, [
          key,
        ]);
        await tx.query(
          `INSERT INTO migration.quarantine (batch_id, source_system, entity, legacy_key, reason_code, message)
           VALUES ($1, 'legacy_mysql', 'customers', $2, 'LOAD01', 'rejected by the target database (planted)')`,
          [rows[0]?.[0], key],
        );
      });
      return key;
    },
  },
  {
    name: 'load-out-of-scope',
    description: 'an inactive customer (out of scope by a named rule) is loaded anyway',
    entities,
    mustFail: [
      `${C}/row-count-active`,
      `${C}/success-rate`,
      `${C}/row-count-by-segment`,
      `${C}/checksum`,
      `${C}/identity-pushdown`,
      // Loaded behind the loader's back: no id map row, so later waves' lookups are untouched.
      `${C}/id-map`,
    ],
    async apply(target) {
      const { rows } = await target.query(
        `SELECT legacy_key, batch_id FROM migration.out_of_scope WHERE entity = 'customers' ORDER BY length(legacy_key), legacy_key LIMIT 1`,
      );
      const key = rows[0]?.[0];
      if (!key)
        throw new CutoverError(ErrorCodes.CONFIG_INVALID, 'no out-of-scope customer to load');
      await target.transaction(async (tx) => {
        await tx.query(
          `DELETE FROM migration.out_of_scope WHERE entity = 'customers' AND legacy_key = $1`,
          [key],
        );
        await tx.query(
          `INSERT INTO core.res_partner (name, active, credit_limit, x_legacy_id, x_source_system, x_migration_batch)
           VALUES ('Inactive Customer', false, 0, $1, 'legacy_mysql', $2)`,
          [key, rows[0]?.[1]],
        );
      });
      return key;
    },
  },
  {
    name: 'silently-dropped',
    description:
      'a record the rules quarantine is dropped without its quarantine row: it vanishes without trace',
    entities,
    mustFail: [
      `${C}/row-count-active`,
      `${C}/row-count-all`,
      `${C}/accounted-for`,
      `${C}/success-rate`,
    ],
    async apply(target) {
      const { rows } = await target.query(
        `DELETE FROM migration.quarantine WHERE id = (SELECT id FROM migration.quarantine WHERE entity = 'customers'
           ORDER BY length(legacy_key), legacy_key LIMIT 1) RETURNING legacy_key`,
      );
      return rows[0]?.[0] ?? '';
    },
  },
  {
    name: 'phantom-partner',
    description:
      'a partner whose legacy customer does not exist appears in the target (a stale row from another run)',
    entities,
    mustFail: [
      `${C}/row-count-active`,
      `${C}/row-count-all`,
      `${C}/success-rate`,
      `${C}/row-count-by-segment`,
      `${C}/legacy-exists`,
      `${C}/checksum`,
      `${C}/identity-pushdown`,
    ],
    async apply(target) {
      const model = await firstPartner(target, 'credit_limit = 0');
      const { rows } = await target.query(
        `SELECT (max(x_legacy_id::bigint) + 100000)::text FROM core.res_partner WHERE ${MIGRATED}`,
      );
      const key = rows[0]?.[0] ?? '999999';
      await target.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO core.res_partner (name, customer_type, is_company, credit_limit, active, customer_rank, supplier_rank,
             created_at, x_legacy_id, x_source_system, x_migration_batch)
           SELECT name, customer_type, is_company, credit_limit, active, customer_rank, supplier_rank, created_at, $1,
             x_source_system, x_migration_batch FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $2 RETURNING id, x_migration_batch`,
          [key, model],
        );
        await tx.query(
          `INSERT INTO migration.id_map (source_system, entity, legacy_id, new_id, batch_id) VALUES ('legacy_mysql', 'customers', $1, $2, $3)`,
          [key, inserted.rows[0]?.[0], inserted.rows[0]?.[1]],
        );
      });
      return key;
    },
  },
  {
    name: 'swap-role',
    description: 'a customer is loaded as a supplier too (supplier_rank set)',
    entities,
    mustFail: [`${C}/checksum`, `${C}/row-count-by-segment`],
    async apply(target) {
      return updatePartner(
        target,
        await firstPartner(target, 'supplier_rank = 0'),
        'supplier_rank = 1',
      );
    },
  },
  {
    name: 'wrong-type',
    description: "a retail customer's type is mapped to b2b",
    entities,
    mustFail: [`${C}/checksum`, `${C}/row-count-by-segment`],
    async apply(target) {
      return updatePartner(
        target,
        await firstPartner(target, "customer_type = 'b2c'"),
        "customer_type = 'b2b'",
      );
    },
  },
  {
    name: 'lost-id-map',
    description: "a partner's legacy-id mapping row is lost: later waves cannot find it",
    entities,
    mustFail: [`${C}/id-map`],
    async apply(target) {
      const key = await firstPartner(target, NO_TRANSACTIONS);
      await target.query(
        `DELETE FROM migration.id_map WHERE entity = 'customers' AND legacy_id = $1`,
        [key],
      );
      return key;
    },
  },
  {
    name: 'orphan-batch',
    description:
      'a partner is written under a batch id the ledger does not know: no rollback will find it',
    entities,
    mustFail: [`${C}/batch-ledger`, 'wave-2-master-data/rollback'],
    async apply(target) {
      return updatePartner(
        target,
        await firstPartner(target, 'true'),
        "x_migration_batch = 'no-such-batch'",
      );
    },
  },
  {
    name: 'skip-rollback-table',
    description:
      'the rollback script forgets core.res_partner: the wave does not return to its pre-wave state',
    entities,
    mustFail: ['wave-2-master-data/rollback'],
    apply: () => Promise.resolve('core.res_partner'),
    rollbackTables: (tables) => tables.filter((t) => t.table !== 'core.res_partner'),
  },
];
