/**
 * Wave 2, master data: legacy customers (MySQL `customers`) -> core.res_partner.
 * Rules: seed 000 §3.2.1, §5.2, §5.3; seed 001 Day 706-707. Criteria: 001 §1.5, §5.2; 003.
 * The rollback rehearsal of this wave runs last of all, in suites/zz-rollback.
 */
import { describe } from 'vitest';
import {
  aggregate,
  childless,
  crossReference,
  customersSpec,
  duplicates,
  formats,
  groupedRowCount,
  orphans,
  pushdownChecksum,
  recordChecksum,
  requiredFields,
  rowCount,
  successRate,
} from 'cutover';
import { entityChecks, keysRuledOut, useMigration } from 'cutover/vitest';
import { DHAKA, dhakaMonth } from '../support/dhaka.ts';

const m = useMigration();
const { check } = entityChecks({ wave: 'wave-2-master-data', entity: 'customers' });
const partners = 'core.res_partner';
const migrated = "x_source_system = 'legacy_mysql'";

describe('000 §8.1: every active legacy customer is migrated or quarantined', () => {
  check(
    {
      id: 'row-count-active',
      title: 'active legacy customers = migrated + quarantined',
      criterion: 'row-counts',
      seedRef: '000 §8.1; 001 §5.2',
    },
    (meta) =>
      rowCount(meta, {
        source: [
          {
            label: 'active legacy customers',
            db: m.legacy,
            sql: 'SELECT COUNT(*) FROM customers WHERE is_active = 1',
          },
        ],
        target: [
          {
            label: 'migrated',
            db: m.target,
            sql: `SELECT COUNT(*) FROM core.res_partner WHERE ${migrated}`,
          },
          {
            label: 'quarantined',
            db: m.target,
            sql: "SELECT COUNT(*) FROM migration.quarantine WHERE entity = 'customers'",
          },
        ],
      }),
  );

  check(
    {
      id: 'row-count-all',
      title: 'every legacy customer is loaded, quarantined or out of scope by a named rule',
      criterion: 'row-counts',
      seedRef: 'DESIGN: nothing silently dropped',
    },
    (meta) =>
      rowCount(meta, {
        source: [
          { label: 'legacy customers', db: m.legacy, sql: 'SELECT COUNT(*) FROM customers' },
        ],
        target: [
          {
            label: 'migrated',
            db: m.target,
            sql: `SELECT COUNT(*) FROM core.res_partner WHERE ${migrated}`,
          },
          {
            label: 'quarantined',
            db: m.target,
            sql: "SELECT COUNT(*) FROM migration.quarantine WHERE entity = 'customers'",
          },
          {
            label: 'out of scope',
            db: m.target,
            sql: "SELECT COUNT(*) FROM migration.out_of_scope WHERE entity = 'customers'",
          },
        ],
      }),
  );

  check(
    {
      id: 'accounted-for',
      title: 'each legacy customer, by key, is migrated, quarantined or out of scope',
      criterion: 'row-counts',
      seedRef: '001 NFR-DATA-01 zero data loss; DESIGN: nothing silently dropped',
    },
    (meta) =>
      crossReference(meta, {
        children: {
          label: 'legacy customers',
          db: m.legacy,
          sql: 'SELECT customer_id, customer_id FROM customers',
        },
        parents: {
          label: 'the target (migrated, quarantined or out of scope)',
          db: m.target,
          sql: `SELECT x_legacy_id FROM core.res_partner WHERE ${migrated}
            UNION ALL SELECT legacy_key FROM migration.quarantine WHERE entity = 'customers'
            UNION ALL SELECT legacy_key FROM migration.out_of_scope WHERE entity = 'customers'`,
        },
        expect: 'present',
      }),
  );

  check(
    {
      id: 'success-rate',
      title: 'success rate; every quarantined customer is an accepted exception',
      criterion: 'row-counts',
      seedRef: '003 (success rate per component); 001 §5.2 data completeness',
    },
    (meta) =>
      successRate(meta, {
        components: [
          {
            component: 'Customers',
            source: { db: m.legacy, sql: 'SELECT COUNT(*) FROM customers WHERE is_active = 1' },
            migrated: {
              db: m.target,
              sql: `SELECT COUNT(*) FROM core.res_partner WHERE ${migrated}`,
            },
            exceptions: {
              db: m.target,
              sql: "SELECT legacy_key, reason_code, message FROM migration.quarantine WHERE entity = 'customers' ORDER BY length(legacy_key), legacy_key",
            },
          },
        ],
      }),
  );
});

describe('001 Day 710 query 1: customers and suppliers counted by segment, transform-aware', () => {
  check(
    {
      id: 'row-count-by-segment',
      title: 'partners per customer type and per role (customer, supplier) = what the rules load',
      criterion: 'row-counts',
      seedRef: '001 Day 710 query 1; 000 §5.1',
    },
    async (meta) => {
      const segments = (await m.expectations(customersSpec)).flatMap((e) => {
        if (!e.present) return [];
        const v = e.values;
        return [
          [`type:${v['customer_type'] ?? '(none)'}`, '1'] as const,
          ...(truthy(v['customer_rank']) ? [['role:customer', '1'] as const] : []),
          ...(truthy(v['supplier_rank']) ? [['role:supplier', '1'] as const] : []),
        ];
      });
      const sql = `SELECT 'type:' || COALESCE(customer_type, '(none)'), COUNT(*) FROM core.res_partner WHERE ${migrated} GROUP BY 1
        UNION ALL SELECT 'role:customer', COUNT(*) FROM core.res_partner WHERE ${migrated} AND customer_rank > 0
        UNION ALL SELECT 'role:supplier', COUNT(*) FROM core.res_partner WHERE ${migrated} AND supplier_rank > 0`;
      return groupedRowCount(meta, {
        source: { label: 'rules over legacy', rows: segments },
        target: { label: 'target', db: m.target, sql },
      });
    },
  );
});

describe('000 §6.2, §9.2, 003: every partner is traceable to its legacy record, its id map and its batch', () => {
  check(
    {
      id: 'legacy-exists',
      title: 'every migrated partner names a legacy customer that exists',
      criterion: 'orphans',
      seedRef: '000 §8.3 referential integrity; 003 FK integrity',
    },
    (meta) =>
      crossReference(meta, {
        children: {
          label: 'migrated partners',
          db: m.target,
          sql: `SELECT x_legacy_id, x_legacy_id FROM core.res_partner WHERE ${migrated}`,
        },
        parents: {
          label: 'legacy customers',
          db: m.legacy,
          sql: 'SELECT customer_id FROM customers',
        },
        expect: 'present',
      }),
  );
  check(
    {
      id: 'id-map',
      title: 'every migrated partner has its legacy-id mapping',
      criterion: 'orphans',
      seedRef: '000 §6.2 (_migration_mapping)',
    },
    (meta) =>
      childless(meta, {
        db: m.target,
        parent: { table: partners, idColumn: 'id', keyColumn: 'x_legacy_id', where: migrated },
        child: {
          table: 'migration.id_map',
          keyColumn: 'legacy_id',
          fkColumn: 'new_id',
          where: "entity = 'customers'",
        },
      }),
  );
  check(
    {
      id: 'batch-ledger',
      title:
        'every migrated partner belongs to a batch in the ledger (else no rollback can find it)',
      criterion: 'orphans',
      seedRef: '000 §9.2 (rollback by batch)',
    },
    (meta) =>
      orphans(meta, {
        db: m.target,
        child: {
          table: partners,
          keyColumn: 'x_legacy_id',
          fkColumn: 'x_migration_batch',
          where: migrated,
        },
        parent: { table: 'migration.batch', idColumn: 'batch_id' },
      }),
  );
});

describe('000 §3.2.1, §5.2, §5.3: each partner holds what the mapping rules make of its legacy record', () => {
  check(
    {
      id: 'checksum',
      title: 'per-record checksum of every mapped field, transform-aware',
      criterion: 'checksums',
      seedRef: '001 §5.2; 000 §5.2',
    },
    async (meta) => {
      const rules = await m.compile(customersSpec);
      return recordChecksum(meta, {
        fields: rules.checksumFields.map((f) => ({ name: f.column, kind: f.kind })),
        expected: await m.expectations(customersSpec),
        target: { db: m.target, table: partners, keyColumn: 'x_legacy_id', where: migrated },
      });
    },
  );

  check(
    {
      id: 'identity-pushdown',
      title:
        'identity fields (id, credit limit, created, notes) hashed inside both databases by key range',
      criterion: 'checksums',
      seedRef: '001 §5.2; 001 Day 710 query 7',
    },
    async (meta) =>
      pushdownChecksum(meta, {
        legacy: {
          db: m.legacy,
          table: 'customers',
          keyExpr: 'customer_id',
          where: 'is_active = 1',
          excludeKeys: keysRuledOut(await m.expectations(customersSpec)),
          columns: [
            { column: 'credit_limit', kind: 'decimal2', expr: 'COALESCE(credit_limit, 0)' },
            {
              column: 'created_at',
              kind: 'timestamp-utc',
              expr: m.legacy.dialect.addMinutesExpr('created_date', -DHAKA),
            },
            { column: 'comment', kind: 'text', expr: 'notes' },
          ],
        },
        target: {
          db: m.target,
          table: partners,
          keyExpr: 'CAST(x_legacy_id AS DECIMAL(20,0))',
          where: migrated,
          columns: [
            { column: 'credit_limit', kind: 'decimal2' },
            { column: 'created_at', kind: 'timestamp-utc' },
            { column: 'comment', kind: 'text' },
          ],
        },
      }),
  );

  check(
    {
      id: 'credit-by-month',
      title: 'credit limits per month of creation (Dhaka) within BDT 1.00, every month reported',
      criterion: 'financial-totals',
      seedRef: '001 Day 710 query 6 (tolerance); 000 §8.2 (by period)',
    },
    async (meta) => {
      const expected = (await m.expectations(customersSpec)).flatMap((e) =>
        e.present
          ? [[dhakaMonth(e.values['created_at'] ?? null), e.values['credit_limit'] ?? '0'] as const]
          : [],
      );
      const month = m.target.dialect.periodExpr('created_at', 'month', DHAKA);
      return aggregate(meta, {
        source: { label: 'rules over legacy', rows: expected },
        target: {
          label: 'target',
          db: m.target,
          sql: `SELECT COALESCE(${month}, '(none)'), SUM(credit_limit) FROM core.res_partner WHERE ${migrated} GROUP BY 1`,
        },
        tolerance: '1.00',
        unit: 'BDT',
      });
    },
  );
});

describe('000 §8.3, 001 §1.5: partner master data is complete, well-formed and unique', () => {
  check(
    {
      id: 'required-fields',
      title: 'name, active and legacy id are present',
      criterion: 'required-fields',
      seedRef: '000 §8.3',
    },
    (meta) =>
      requiredFields(meta, {
        db: m.target,
        table: partners,
        keyColumn: 'x_legacy_id',
        fields: ['name', 'active', 'x_legacy_id', 'x_migration_batch'],
        where: migrated,
      }),
  );
  check(
    {
      id: 'formats',
      title: 'mobiles are +880, emails lower-case and valid',
      criterion: 'required-fields',
      seedRef: '000 §5.2, §5.3',
    },
    (meta) =>
      formats(meta, {
        db: m.target,
        table: partners,
        keyColumn: 'x_legacy_id',
        fields: { mobile: 'bd-mobile', email: 'email' },
        where: migrated,
      }),
  );
  check(
    {
      id: 'duplicates',
      title: 'no two partners share an email or a mobile',
      criterion: 'duplicates',
      seedRef: '001 §1.5',
    },
    (meta) =>
      duplicates(meta, {
        db: m.target,
        table: partners,
        keyColumn: 'x_legacy_id',
        identities: ['email', 'mobile'],
        where: migrated,
      }),
  );
});

function truthy(value: string | null | undefined): boolean {
  return (
    value !== null && value !== undefined && !['0', 'f', 'false', ''].includes(value.toLowerCase())
  );
}
