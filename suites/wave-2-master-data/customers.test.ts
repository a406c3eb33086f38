/**
 * Wave 2, master data: legacy customers (MySQL `customers`) -> core.res_partner.
 * Rules: seed 000 §3.2.1, §5.2, §5.3; seed 001 Day 706-707. Criteria: 001 §1.5, §5.2.
 */
import { describe } from 'vitest';
import {
  customersSpec,
  duplicates,
  formats,
  recordChecksum,
  requiredFields,
  rollbackBatches,
  rollbackRehearsal,
  rowCount,
  skippedResult,
} from 'cutover';
import { entityChecks, useMigration } from 'cutover/vitest';

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
          { label: 'active legacy customers', db: m.legacy, sql: 'SELECT COUNT(*) FROM customers WHERE is_active = 1' },
        ],
        target: [
          { label: 'migrated', db: m.target, sql: `SELECT COUNT(*) FROM core.res_partner WHERE ${migrated}` },
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
        source: [{ label: 'legacy customers', db: m.legacy, sql: 'SELECT COUNT(*) FROM customers' }],
        target: [
          { label: 'migrated', db: m.target, sql: `SELECT COUNT(*) FROM core.res_partner WHERE ${migrated}` },
          { label: 'quarantined', db: m.target, sql: "SELECT COUNT(*) FROM migration.quarantine WHERE entity = 'customers'" },
          { label: 'out of scope', db: m.target, sql: "SELECT COUNT(*) FROM migration.out_of_scope WHERE entity = 'customers'" },
        ],
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
});

describe('000 §8.3, 001 §1.5: partner master data is complete, well-formed and unique', () => {
  check(
    { id: 'required-fields', title: 'name, active and legacy id are present', criterion: 'required-fields', seedRef: '000 §8.3' },
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
    { id: 'formats', title: 'mobiles are +880, emails lower-case and valid', criterion: 'required-fields', seedRef: '000 §5.2, §5.3' },
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
    { id: 'duplicates', title: 'no two partners share an email or a mobile', criterion: 'duplicates', seedRef: '001 §1.5' },
    (meta) =>
      duplicates(meta, { db: m.target, table: partners, keyColumn: 'x_legacy_id', identities: ['email', 'mobile'], where: migrated }),
  );
});

// Runs last in this file: it empties the wave's tables again.
describe('001 §1.5, §5.2: the wave rolls back in under 30 minutes to its pre-wave state', () => {
  check(
    { id: 'rollback', title: 'rollback rehearsal restores the pre-wave checksums', criterion: 'rollback', seedRef: '001 §5.2; 000 §9.2' },
    async (meta) => {
      const before = m.context.snapshots['wave-2-master-data'];
      if (!before || m.context.mode === 'check-only') {
        return skippedResult(meta, 'check-only run: the harness did not load this wave, so it does not roll it back');
      }
      const batchIds = m.context.batches['customers'] ?? [];
      const { result } = await rollbackRehearsal(meta, {
        target: m.target,
        before,
        rollback: async () => (await rollbackBatches(m.target, batchIds, { dryRun: false })).deletedByTable,
      });
      return result;
    },
  );
});
