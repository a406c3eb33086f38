import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalText } from '../../core/canonical.ts';
import type { Db, RawRow } from '../../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../../core/errors.ts';
import { mysqlDialect } from '../../dialects/mysql/mysql-dialect.ts';
import { postgresDialect } from '../../dialects/postgres/postgres-dialect.ts';
import { applyTargetSchema } from '../../etl/apply-target-schema.ts';
import { toLoadEvidence } from '../../etl/load-result.ts';
import { rollbackBatches } from '../../etl/rollback-batches.ts';
import { runEntityLoad } from '../../etl/run-entity-load.ts';
import { compileSpec } from '../../rules/compile-spec.ts';
import { scratchDatabases, type ScratchDatabases } from '../../../tests/support/scratch.ts';
import { loadCustomers } from './load-customers.ts';
import { customersSpec, LEGACY_CUSTOMER_COLUMNS } from './spec.ts';

// The legacy table of seed 000 §3.2.1 with seed 001 Day 707's extra columns. credit_limit is
// wider than the target's numeric(15,2) on purpose: a value the rules accept and the target
// refuses is what the LOAD01 path is for (000 §9.1 "Data Truncation").
const LEGACY_DDL = `
CREATE TABLE customers (
  customer_id INT PRIMARY KEY,
  customer_name VARCHAR(255),
  email VARCHAR(255),
  phone VARCHAR(50),
  mobile VARCHAR(50),
  address TEXT,
  city VARCHAR(100),
  postal_code VARCHAR(20),
  customer_type ENUM('retail', 'wholesale'),
  credit_limit DECIMAL(20,2),
  is_supplier BOOLEAN,
  is_customer BOOLEAN,
  is_active BOOLEAN,
  nid_number VARCHAR(20),
  tin_number VARCHAR(20),
  notes TEXT,
  created_date DATETIME,
  modified_date DATETIME
) DEFAULT CHARSET utf8mb4`;

type Customer = Partial<Record<(typeof LEGACY_CUSTOMER_COLUMNS)[number], string | null>> & {
  customer_id: string;
};

function customer(c: Customer): RawRow {
  const base: Record<string, string | null> = {
    customer_name: 'Karim Traders',
    email: `c${c.customer_id}@example.com`,
    phone: null,
    mobile: `0171${c.customer_id.padStart(7, '0')}`,
    address: 'House 1\nRoad 2',
    city: 'Dhaka',
    postal_code: '1205',
    customer_type: 'retail',
    credit_limit: '1000.00',
    is_supplier: '0',
    is_customer: '1',
    is_active: '1',
    nid_number: null,
    tin_number: null,
    notes: null,
    created_date: '2023-06-01 10:00:00',
    modified_date: null,
  };
  const row = { ...base, ...c };
  return LEGACY_CUSTOMER_COLUMNS.map((column) => row[column] ?? null);
}

// One record per outcome, in key order. Keys 1-4 form the first chunk of 4, and so on.
const ROWS: RawRow[] = [
  customer({
    customer_id: '1',
    customer_name: '  MOHAMMAD   rahim ',
    email: 'Rahim@Example.COM',
    phone: '02-9123456',
    customer_type: 'wholesale',
    credit_limit: '1500.5',
    created_date: '2023-01-15 03:30:00',
  }),
  customer({ customer_id: '2', phone: '12345', city: 'Mymensingh', email: '', credit_limit: null }), // loads, phone/city NULL
  customer({ customer_id: '3', is_active: '0', email: 'broken' }), // out of scope
  customer({ customer_id: '4', customer_name: '   ' }), // MIG003
  customer({ customer_id: '5', email: 'rahim.example.com' }), // MIG004 email
  customer({ customer_id: '6', mobile: '0171234567' }), // MIG004 mobile
  customer({ customer_id: '7', email: 'RAHIM@example.com' }), // DUP001 of 1
  customer({ customer_id: '8', created_date: '0000-00-00 00:00:00' }), // MIG004 zero date
  customer({ customer_id: '9', credit_limit: '99999999999999999.00' }), // LOAD01: numeric(15,2) overflow
  customer({ customer_id: '10', customer_name: 'মোহাম্মদ করিম', notes: 'প্রিয় গ্রাহক\tনোট' }),
];

let scratch: ScratchDatabases;
let legacy: Db;
let target: Db;

beforeAll(async () => {
  scratch = await scratchDatabases('load-customers');
  {
    await using admin = await mysqlDialect.connect(scratch.legacyUrl);
    // The zero date is legacy data as MySQL 5.7 often holds it; strict modes refuse to store it.
    await admin.exec(`SET SESSION sql_mode = ''; ${LEGACY_DDL}`);
    await admin.exec("SET SESSION sql_mode = ''");
    await admin.bulkLoad('customers', LEGACY_CUSTOMER_COLUMNS, ROWS);
  }
  legacy = await mysqlDialect.connect(scratch.legacyUrl, { readOnly: true });
  target = await postgresDialect.connect(scratch.targetUrl);
  await applyTargetSchema(target);
});

afterAll(async () => {
  await legacy?.close();
  await target?.close();
  await scratch?.dispose();
});

const count = async (sql: string): Promise<number> =>
  Number((await target.query(sql)).rows[0]?.[0]);
const load = (batchId: string) =>
  loadCustomers({ legacy, target, batchId, asOf: '2024-06-30T18:00:00Z', batchSize: 4 });

describe('customers -> core.res_partner on MariaDB and PostgreSQL', () => {
  it('the legacy table holds the hand-written rows, zero date included', async () => {
    const { rows } = await legacy.query('SELECT created_date FROM customers WHERE customer_id = 8');
    expect(rows).toEqual([['0000-00-00 00:00:00']]);
  });

  it('applies the target DDL idempotently', async () => {
    expect(await applyTargetSchema(target)).toEqual([
      '00-migration.sql',
      '10-core.sql',
      '20-product.sql',
      '30-accounting.sql',
      '40-sales-purchase.sql',
      '50-inventory.sql',
      '60-farm.sql',
    ]);
  });

  it('refuses a spec naming a missing legacy column before any row moves', async () => {
    const spec = customersSpec;
    const broken = {
      ...spec,
      fields: [...spec.fields, { target: 'zip2', source: 'post_code', kind: 'text' as const }],
    };
    const error = await runEntityLoad({
      legacy,
      target,
      spec: broken,
      batchId: 'B-BROKEN',
      asOf: '2024-06-30T18:00:00Z',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CutoverError);
    expect((error as CutoverError).code).toBe(ErrorCodes.SPEC_INVALID);
    expect((error as CutoverError).message).toMatch(/customers.*zip2.*post_code/);
    expect(await count("SELECT count(*) FROM migration.batch WHERE batch_id = 'B-BROKEN'")).toBe(0);
  });

  it('accounts for every legacy record: loaded, quarantined with a reason, or out of scope', async () => {
    const result = await load('B1');
    expect(result).toMatchObject({
      batchId: 'B1',
      wave: 'wave-2-master-data',
      entity: 'customers',
      extracted: 10,
      loaded: 3,
      alreadyLoaded: 0,
      quarantined: 6,
      outOfScope: 1,
      quarantineByReason: { MIG003: 1, MIG004: 3, DUP001: 1, LOAD01: 1 },
      chunks: 3,
      rowByRowChunks: 1,
    });
    expect(result.loaded + result.alreadyLoaded + result.quarantined + result.outOfScope).toBe(
      result.extracted,
    );
    expect(toLoadEvidence(result)).toMatchObject({
      extracted: 10,
      loaded: 3,
      quarantined: 6,
      outOfScope: 1,
    });

    expect(await count('SELECT count(*) FROM core.res_partner')).toBe(3);
    const idMap = await target.query(
      'SELECT legacy_id FROM migration.id_map m JOIN core.res_partner p ON p.id = m.new_id ORDER BY legacy_id::int',
    );
    expect(idMap.rows.flat()).toEqual(['1', '2', '10']);
    const quarantine = await target.query(
      'SELECT legacy_key, reason_code, field FROM migration.quarantine ORDER BY legacy_key::int',
    );
    expect(quarantine.rows).toEqual([
      ['4', 'MIG003', 'name'],
      ['5', 'MIG004', 'email'],
      ['6', 'MIG004', 'mobile'],
      ['7', 'DUP001', 'email'],
      ['8', 'MIG004', 'created_at'],
      ['9', 'LOAD01', null],
    ]);
    const record = await target.query(
      "SELECT record->>'customer_name', message FROM migration.quarantine WHERE legacy_key = '7'",
    );
    expect(record.rows).toEqual([
      ['Karim Traders', 'duplicate of record 1 (email "rahim@example.com")'],
    ]);
    expect(
      (await target.query('SELECT legacy_key, rule FROM migration.out_of_scope')).rows,
    ).toEqual([['3', 'inactive-customer']]);
    const ledger = await target.query(
      "SELECT status, extracted, loaded, quarantined, out_of_scope FROM migration.batch WHERE batch_id = 'B1'",
    );
    expect(ledger.rows).toEqual([['done', '10', '3', '6', '1']]);
  });

  it('the target holds exactly what the rules say (the oracle the checksum suites use)', async () => {
    const compiled = compileSpec(customersSpec, { sourceColumns: LEGACY_CUSTOMER_COLUMNS });
    const legacyRows = ROWS.map((raw) =>
      Object.fromEntries(LEGACY_CUSTOMER_COLUMNS.map((c, i) => [c, raw[i] ?? null])),
    );
    const expected = compiled
      .evaluateAll(legacyRows)
      .filter((o) => o.kind === 'load' && o.key !== '9')
      .map((o) =>
        o.kind === 'load'
          ? compiled.checksumFields.map((f) => canonicalText(o.values[f.column] ?? null, f.kind))
          : [],
      );
    const select = compiled.checksumFields
      .map((f) => `coalesce(${postgresDialect.canonicalExpr(f)}, E'\\\\N')`)
      .join(', ');
    const actual = await target.query(
      `SELECT ${select} FROM core.res_partner ORDER BY x_legacy_id::int`,
    );
    expect(actual.rows).toEqual(expected);
    const first = await target.rows(
      "SELECT name, mobile, phone, credit_limit, created_at, x_migration_batch, country_code FROM core.res_partner WHERE x_legacy_id = '1'",
    );
    expect(first).toEqual([
      {
        name: 'Mohammad Rahim',
        mobile: '+8801710000001',
        phone: '+88029123456',
        credit_limit: '1500.50',
        created_at: '2023-01-14 21:30:00+00',
        x_migration_batch: 'B1',
        country_code: 'BD',
      },
    ]);
  });

  it('a re-run does not duplicate: migrated keys are left alone', async () => {
    const again = await load('B2');
    expect(again).toMatchObject({
      extracted: 10,
      loaded: 0,
      alreadyLoaded: 3,
      quarantined: 6,
      outOfScope: 1,
    });
    expect(await count('SELECT count(*) FROM core.res_partner')).toBe(3);
    expect(await count('SELECT count(*) FROM migration.id_map')).toBe(3);
    // The re-run's quarantine and out-of-scope rows replace the first run's: counted once.
    expect(await count('SELECT count(*) FROM migration.quarantine')).toBe(6);
    expect(await count('SELECT count(*) FROM migration.out_of_scope')).toBe(1);
  });

  it('rollback: the dry run counts, the real one restores the empty state', async () => {
    const dry = await rollbackBatches(target, ['B1', 'B2'], { dryRun: true });
    expect(dry.deletedByTable).toEqual({
      'core.res_partner': 3,
      'migration.id_map': 3,
      'migration.quarantine': 6,
      'migration.out_of_scope': 1,
    });
    expect(await count('SELECT count(*) FROM core.res_partner')).toBe(3);

    const done = await rollbackBatches(target, ['B1', 'B2']);
    expect(done.deletedByTable).toEqual(dry.deletedByTable);
    for (const table of [
      'core.res_partner',
      'migration.id_map',
      'migration.quarantine',
      'migration.out_of_scope',
    ]) {
      expect(await count(`SELECT count(*) FROM ${table}`), table).toBe(0);
    }
    const ledger = await target.query(
      "SELECT DISTINCT status FROM migration.batch WHERE batch_id IN ('B1', 'B2')",
    );
    expect(ledger.rows).toEqual([['rolled_back']]);
  });

  it('after a rollback the same legacy data loads again', async () => {
    const result = await load('B3');
    expect(result).toMatchObject({ loaded: 3, alreadyLoaded: 0 });
    await rollbackBatches(target, ['B3']);
  });

  it("with 'update', a later duplicate is merged into the surviving record", async () => {
    const result = await loadCustomers({
      legacy,
      target,
      batchId: 'B4',
      asOf: '2024-06-30T18:00:00Z',
      conflictStrategy: 'update',
    });
    expect(result.quarantineByReason['DUP001']).toBe(1);
    const survivor = await target.rows(
      "SELECT x_legacy_id, name FROM core.res_partner WHERE email = 'rahim@example.com'",
    );
    expect(survivor).toEqual([{ x_legacy_id: '1', name: 'Karim Traders' }]);
    await rollbackBatches(target, ['B4']);
  });
});
