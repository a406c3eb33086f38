import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { mysqlDialect, postgresDialect } from '../dialects/index.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import type { CheckMeta } from './check-meta.ts';
import { duplicates } from './duplicates.ts';
import { formats } from './formats.ts';
import { recordChecksum, type Expectation } from './record-checksum.ts';
import { requiredFields } from './required-fields.ts';
import { rollbackRehearsal } from './rollback-rehearsal.ts';
import { rowCount } from './row-count.ts';
import { takeSnapshot } from './table-snapshot.ts';

// Every check is proven twice: a clean case it must pass and a planted defect it must catch,
// naming the key. The SQL-building checks run on both dialects.

const meta = (id: string): CheckMeta => ({
  id,
  title: id,
  criterion: 'checksums',
  seedRef: 'test',
});

let scratch: ScratchDatabases;
let mysql: Db;
let pg: Db;

const PARTNERS = `
  CREATE TABLE partner (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(100), mobile VARCHAR(30),
    credit DECIMAL(15,2), created TIMESTAMP NULL, active BOOLEAN);
  INSERT INTO partner VALUES
    (1, 'Rahim Uddin', 'rahim@example.com', '+8801712345678', 1500.50, '2025-01-31 18:00:00', TRUE),
    (2, 'রহিম উদ্দিন', 'karim@example.com', '+8801812345678', 0.00, '2025-02-01 00:00:00', TRUE),
    (3, 'Fatema Begum', NULL, NULL, 99.99, NULL, FALSE);`;

beforeAll(async () => {
  scratch = await scratchDatabases('checks');
  mysql = await mysqlDialect.connect(scratch.legacyUrl);
  pg = await postgresDialect.connect(scratch.targetUrl);
  await mysql.exec(`SET time_zone = '+00:00'; ${PARTNERS}`);
  await pg.exec(PARTNERS);
});
afterAll(async () => {
  await mysql?.close();
  await pg?.close();
  await scratch?.dispose();
});

// Connections open in beforeAll, after the tests are declared: hand out getters.
const dbs = [
  ['mysql', () => mysql],
  ['postgres', () => pg],
] as const;

describe('rowCount', () => {
  it('passes when the sums agree and fails with both figures when they do not', async () => {
    const clean = await rowCount(meta('rc'), {
      source: [{ label: 'legacy', db: mysql, sql: 'SELECT COUNT(*) FROM partner' }],
      target: [
        { label: 'active', db: pg, sql: 'SELECT COUNT(*) FROM partner WHERE active' },
        { label: 'inactive', db: pg, sql: 'SELECT COUNT(*) FROM partner WHERE NOT active' },
      ],
    });
    expect(clean.status).toBe('pass');
    const dropped = await rowCount(meta('rc'), {
      source: [{ label: 'legacy', db: mysql, sql: 'SELECT COUNT(*) FROM partner' }],
      target: [{ label: 'active', db: pg, sql: 'SELECT COUNT(*) FROM partner WHERE active' }],
    });
    expect(dropped).toMatchObject({ status: 'fail', source: '3', target: '2', difference: '-1' });
  });
});

describe('recordChecksum', () => {
  const fields = [
    { name: 'name', kind: 'text' },
    { name: 'email', kind: 'text' },
    { name: 'credit', kind: 'decimal2' },
    { name: 'created', kind: 'timestamp-utc' },
    { name: 'active', kind: 'boolean' },
  ] as const;
  const expected = (): Expectation[] => [
    {
      key: '1',
      present: true,
      values: {
        name: 'Rahim Uddin',
        email: 'rahim@example.com',
        credit: '1500.5',
        created: '2025-01-31 18:00:00',
        active: '1',
      },
    },
    {
      key: '2',
      present: true,
      values: {
        name: 'রহিম উদ্দিন',
        email: 'karim@example.com',
        credit: '0',
        created: '2025-02-01 00:00:00',
        active: 't',
      },
    },
    {
      key: '3',
      present: true,
      values: { name: 'Fatema Begum', email: null, credit: '99.99', created: null, active: '0' },
    },
  ];

  for (const [name, db] of dbs) {
    it(`${name}: passes when the target holds what the rules say`, async () => {
      const result = await recordChecksum(meta('cs'), {
        fields,
        expected: expected(),
        target: { db: db(), table: 'partner', keyColumn: 'id' },
      });
      expect(result.failures).toEqual([]);
      expect(result).toMatchObject({ status: 'pass', source: '3', target: '3' });
      // PostgreSQL settles the clean case by digest, nothing row-sized copied to it.
      expect(result.summary.endsWith('(the digests of both sides agree)')).toBe(
        name === 'postgres',
      );
    });
  }

  it('names the key, field, expected and actual value of a changed field', async () => {
    const rules = expected();
    (rules[1] as { values: Record<string, string | null> }).values['name'] = 'রহিম উদ্দীন';
    const result = await recordChecksum(meta('cs'), {
      fields,
      expected: rules,
      target: { db: pg, table: 'partner', keyColumn: 'id' },
    });
    expect(result.status).toBe('fail');
    expect(result.failures).toEqual([
      { key: '2', field: 'name', expected: 'রহিম উদ্দীন', actual: 'রহিম উদ্দিন' },
    ]);
  });

  it('catches a 6-hour timezone shift and a one-cent amount change', async () => {
    const rules = expected();
    (rules[0] as { values: Record<string, string | null> }).values['created'] =
      '2025-02-01 00:00:00';
    (rules[0] as { values: Record<string, string | null> }).values['credit'] = '1500.51';
    const result = await recordChecksum(meta('cs'), {
      fields,
      expected: rules,
      target: { db: mysql, table: 'partner', keyColumn: 'id' },
    });
    expect(result.failures.map((f) => `${f.key}.${f.field}`).sort()).toEqual([
      '1.created',
      '1.credit',
    ]);
  });

  it('lists a record missing from the target, one the rules keep out, and one without a legacy record', async () => {
    const rules: Expectation[] = [
      ...expected().slice(0, 2),
      { key: '3', present: false, reason: 'DUP001' },
      {
        key: '4',
        present: true,
        values: { name: 'Sumon Das', email: null, credit: '0', created: null, active: '1' },
      },
    ];
    const result = await recordChecksum(meta('cs'), {
      fields,
      expected: rules.filter((r) => r.key !== '1'),
      target: { db: pg, table: 'partner', keyColumn: 'id' },
    });
    expect(result.status).toBe('fail');
    expect(result.failures.map((f) => [f.key, f.message])).toEqual([
      ['3', 'in the target, but the rules keep it out (DUP001)'],
      ['4', 'missing from the target'],
      ['1', 'in the target without a legacy record the rules would load'],
    ]);
  });
});

describe("recordChecksum, texts holding the digest's separator", () => {
  it('compares them field by field: a character moved from one field to the next fails both', async () => {
    await pg.exec(
      `DROP TABLE IF EXISTS split_name; CREATE TABLE split_name (id int, first text, last text);
       INSERT INTO split_name VALUES (1, 'Rahim', 'Uddin'), (2, 'Abdul' || chr(31), 'Karim')`,
    );
    const row = (key: string, first: string, last: string): Expectation => ({
      key,
      present: true,
      values: { first, last },
    });
    const check = (expected: Expectation[]) =>
      recordChecksum(meta('cs'), {
        fields: [
          { name: 'first', kind: 'text' },
          { name: 'last', kind: 'text' },
        ],
        expected,
        target: { db: pg, table: 'split_name', keyColumn: 'id' },
      });
    const same = await check([row('1', 'Rahim', 'Uddin'), row('2', 'Abdul\u001f', 'Karim')]);
    expect(same).toMatchObject({ status: 'pass', failures: [] });
    expect(same.summary).not.toContain('digests');
    // Joined by the separator, both rows read 'Abdul␟␟Karim' on either side.
    const moved = await check([row('1', 'Rahim', 'Uddin'), row('2', 'Abdul', '\u001fKarim')]);
    expect(moved.status).toBe('fail');
    expect(moved.failures.map((f) => [f.key, f.field])).toEqual([
      ['2', 'first'],
      ['2', 'last'],
    ]);
  });
});

describe('recordChecksum, a record held twice', () => {
  it('names the key once and still compares the record', async () => {
    await pg.exec(
      `DROP TABLE IF EXISTS partner_twice; CREATE TABLE partner_twice AS SELECT * FROM partner UNION ALL SELECT * FROM partner WHERE id = 2`,
    );
    const rows = await pg.query('SELECT id::text, name FROM partner ORDER BY id');
    const result = await recordChecksum(meta('cs'), {
      fields: [{ name: 'name', kind: 'text' }],
      expected: rows.rows.map(
        ([id, name]): Expectation => ({
          key: id ?? '',
          present: true,
          values: { name: name ?? null },
        }),
      ),
      target: { db: pg, table: 'partner_twice', keyColumn: 'id' },
    });
    expect(result.failures.map((f) => [f.key, f.message])).toEqual([
      ['2', 'held more than once in the target'],
    ]);
    expect(result).toMatchObject({ status: 'fail', source: String(rows.rows.length) });
  });
});

describe('requiredFields', () => {
  for (const [name, connection] of dbs) {
    it(`${name}: names each record and field with a missing value, passes on complete fields`, async () => {
      const db = connection();
      const clean = await requiredFields(meta('rq'), {
        db,
        table: 'partner',
        keyColumn: 'id',
        fields: ['name', 'credit'],
      });
      expect(clean.status).toBe('pass');
      const gaps = await requiredFields(meta('rq'), {
        db,
        table: 'partner',
        keyColumn: 'id',
        fields: ['name', 'email', 'created'],
      });
      expect(gaps.status).toBe('fail');
      expect(gaps.failures.map((f) => `${f.key}.${f.field}`)).toEqual(['3.email', '3.created']);
    });
  }
});

describe('duplicates', () => {
  for (const [name, connection] of dbs) {
    it(`${name}: passes on unique identities, names both records sharing an email in another case`, async () => {
      const db = connection();
      expect(
        (
          await duplicates(meta('dp'), {
            db,
            table: 'partner',
            keyColumn: 'id',
            identities: ['email', 'mobile'],
          })
        ).status,
      ).toBe('pass');
      await db.exec(
        "INSERT INTO partner (id, name, email) VALUES (9, 'Rahim', ' RAHIM@example.com')",
      );
      try {
        const result = await duplicates(meta('dp'), {
          db,
          table: 'partner',
          keyColumn: 'id',
          identities: ['email', 'mobile'],
        });
        expect(result.status).toBe('fail');
        expect(result.failures.map((f) => f.key).sort()).toEqual(['1', '9']);
        expect(result.failures[0]?.field).toBe('email');
      } finally {
        await db.exec('DELETE FROM partner WHERE id = 9');
      }
    });
  }
});

describe('formats', () => {
  for (const [name, connection] of dbs) {
    it(`${name}: passes valid +880 mobiles and emails, names a bad one, warns when not gating`, async () => {
      const db = connection();
      const fields = { mobile: 'bd-mobile', email: 'email' } as const;
      expect(
        (await formats(meta('fm'), { db, table: 'partner', keyColumn: 'id', fields })).status,
      ).toBe('pass');
      await db.exec("UPDATE partner SET mobile = '01712345678' WHERE id = 2");
      try {
        const result = await formats(meta('fm'), { db, table: 'partner', keyColumn: 'id', fields });
        expect(result.status).toBe('fail');
        expect(result.failures).toMatchObject([
          { key: '2', field: 'mobile', actual: '01712345678' },
        ]);
        expect(
          (
            await formats(meta('fm'), {
              db,
              table: 'partner',
              keyColumn: 'id',
              fields,
              gate: false,
            })
          ).status,
        ).toBe('warn');
      } finally {
        await db.exec("UPDATE partner SET mobile = '+8801812345678' WHERE id = 2");
      }
    });
  }
});

describe('takeSnapshot: a digest of every row, whatever their order', () => {
  beforeAll(async () => {
    await pg.exec(`CREATE TABLE snap (id INT PRIMARY KEY, name TEXT, amount NUMERIC(15,2), at TIMESTAMPTZ);
      CREATE TABLE snap_copy (LIKE snap);
      INSERT INTO snap VALUES (1, 'Rahim', 10.50, '2026-01-02 03:04:05+00'), (2, NULL, 0.01, NULL), (3, 'Karim', 7.00, '2025-12-31 18:00:00+00');
      INSERT INTO snap_copy SELECT * FROM snap ORDER BY id DESC;`);
  });
  const digest = async (table: string) => (await takeSnapshot(pg, [table]))[table];

  it('is equal for the same rows in another order, and changes with any one value', async () => {
    const original = await digest('public.snap');
    expect(original).toMatchObject({ rows: 3, digest: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await digest('public.snap_copy')).toEqual(original);
    const changes = [
      'UPDATE snap_copy SET amount = amount + 0.01 WHERE id = 1',
      "UPDATE snap_copy SET name = 'Rahim ' WHERE id = 1",
      "UPDATE snap_copy SET name = '' WHERE id = 2",
      "UPDATE snap_copy SET at = at + interval '6 hours' WHERE id = 3",
      // Two rows trading their values: every value is still there, in the wrong row.
      "UPDATE snap_copy SET name = CASE id WHEN 1 THEN 'Karim' ELSE 'Rahim' END WHERE id IN (1, 3)",
    ];
    for (const change of changes) {
      await pg.exec(`BEGIN; ${change}`);
      try {
        expect((await digest('public.snap_copy'))?.digest, change).not.toBe(original?.digest);
      } finally {
        await pg.exec('ROLLBACK');
      }
    }
  });
});

describe('rollbackRehearsal', () => {
  beforeAll(async () => {
    await pg.exec(
      'CREATE TABLE wave_a (id INT PRIMARY KEY, v TEXT); CREATE TABLE wave_b (id INT PRIMARY KEY, v NUMERIC(15,2));',
    );
  });

  it('passes when every table is back to its snapshot within the limit', async () => {
    const before = await takeSnapshot(pg, ['public.wave_a', 'public.wave_b']);
    await pg.exec("INSERT INTO wave_a VALUES (1, 'x'); INSERT INTO wave_b VALUES (1, 2.50);");
    const { result } = await rollbackRehearsal(meta('rb'), {
      target: pg,
      before,
      rollback: async () => {
        await pg.exec('DELETE FROM wave_b; DELETE FROM wave_a;');
        return { 'public.wave_a': 1, 'public.wave_b': 1 };
      },
    });
    expect(result.failures).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('fails naming the table a rollback skipped, and fails a rollback slower than the limit', async () => {
    const before = await takeSnapshot(pg, ['public.wave_a', 'public.wave_b']);
    await pg.exec("INSERT INTO wave_a VALUES (2, 'y'); INSERT INTO wave_b VALUES (2, 3.00);");
    const skipped = await rollbackRehearsal(meta('rb'), {
      target: pg,
      before,
      rollback: async () => {
        await pg.exec('DELETE FROM wave_a');
        return { 'public.wave_a': 1 };
      },
    });
    expect(skipped.result.status).toBe('fail');
    expect(skipped.result.failures.map((f) => f.key)).toEqual(['public.wave_b']);
    await pg.exec('DELETE FROM wave_b');
    const slow = await rollbackRehearsal(meta('rb'), {
      target: pg,
      before,
      limitMs: 1,
      rollback: () => new Promise((resolve) => setTimeout(() => resolve({}), 20)),
    });
    expect(slow.result.status).toBe('fail');
    expect(slow.result.failures.map((f) => f.key)).toEqual(['duration']);
    const left = await rollbackRehearsal(meta('rb'), {
      target: pg,
      before,
      rollback: () => Promise.resolve({}),
      leftovers: () => Promise.resolve({ 'migration.id_map': 2, 'migration.quarantine': 0 }),
    });
    expect(left.result.failures).toMatchObject([{ key: 'migration.id_map', actual: '2' }]);
  });
});
