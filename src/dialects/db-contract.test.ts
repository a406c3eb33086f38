import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Dialect, RawRow } from '../core/dialect.ts';
import { ErrorCodes, isCutoverError } from '../core/errors.ts';
import { scratchDatabases } from '../../tests/support/scratch.ts';
import type { ScratchDatabases } from '../../tests/support/scratch.ts';
import { dialectFor } from './index.ts';

let scratch: ScratchDatabases;
beforeAll(async () => {
  scratch = await scratchDatabases('db-contract');
});
afterAll(async () => {
  await scratch?.dispose();
});

const DDL: Record<string, string> = {
  mysql:
    'CREATE TABLE sample (id INT PRIMARY KEY, name VARCHAR(200), amount DECIMAL(16,2), born DATE, seen TIMESTAMP NULL DEFAULT NULL, active TINYINT(1), blob_text BLOB)',
  postgres:
    'CREATE TABLE sample (id INT PRIMARY KEY, name VARCHAR(200), amount NUMERIC(16,2), born DATE, seen TIMESTAMPTZ, active BOOLEAN, blob_text BYTEA)',
};

const DIGITS: Record<string, string> = {
  // A cross join of a ten-row table: 100k rows on MySQL 5.7 too (no sequences, no CTEs).
  mysql:
    "SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n, REPEAT('x', 1000) AS pad " +
    'FROM digits a, digits b, digits c, digits e, digits f',
  postgres: "SELECT g AS n, repeat('x', 1000) AS pad FROM generate_series(0, 99999) AS g",
};

describe.each(['mysql', 'postgres'] as const)('%s Db', (name) => {
  const dialect: Dialect = dialectFor(name);
  let url: string;
  let db: Db;

  beforeAll(async () => {
    url = name === 'mysql' ? scratch.legacyUrl : scratch.targetUrl;
    db = await dialect.connect(url);
    await db.exec(`${DDL[name]};
      CREATE TABLE digits (d INT);
      INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
      CREATE TABLE loaded (id INT PRIMARY KEY, body TEXT)`);
    await db.exec(
      name === 'mysql'
        ? "INSERT INTO sample VALUES (1, 'রহিম উদ্দিন', 12345678901234.56, '2024-02-29', '2024-01-05 10:11:12', 1, _binary'বাংলা bytes'), (2, NULL, -0.50, NULL, NULL, 0, NULL)"
        : "INSERT INTO sample VALUES (1, 'রহিম উদ্দিন', 12345678901234.56, '2024-02-29', '2024-01-05 10:11:12+00', true, convert_to('বাংলা bytes', 'UTF8')), (2, NULL, -0.50, NULL, NULL, false, NULL)",
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reads raw server text: exact decimals, dates, NULLs, Bengali', async () => {
    const rows = await db.rows(
      'SELECT id, name, amount, born, seen, active FROM sample ORDER BY id',
    );
    expect(rows[0]).toMatchObject({
      id: '1',
      name: 'রহিম উদ্দিন',
      amount: '12345678901234.56',
      born: '2024-02-29',
    });
    expect(rows[1]).toEqual({
      id: '2',
      name: null,
      amount: '-0.50',
      born: null,
      seen: null,
      active: name === 'mysql' ? '0' : 'f',
    });
    // TIMESTAMP/timestamptz read in UTC whatever the server's zone.
    expect(rows[0]?.['seen']).toBe(
      name === 'mysql' ? '2024-01-05 10:11:12' : '2024-01-05 10:11:12+00',
    );
    for (const row of rows)
      for (const value of Object.values(row))
        expect(value === null || typeof value === 'string').toBe(true);
  });

  it('reads binary columns as text, not buffers', async () => {
    const { rows } = await db.query('SELECT blob_text FROM sample WHERE id = 1');
    // MySQL gives the bytes as UTF-8 text; PostgreSQL its own bytea text form.
    expect(typeof rows[0]?.[0]).toBe('string');
    if (name === 'mysql') expect(rows[0]?.[0]).toBe('বাংলা bytes');
  });

  it('takes positional parameters', async () => {
    const { columns, rows } = await db.query(
      `SELECT name FROM sample WHERE id = ${dialect.placeholder(1)}`,
      [1],
    );
    expect(columns).toEqual(['name']);
    expect(rows).toEqual([['রহিম উদ্দিন']]);
  });

  it('streams 100k rows without holding them all in memory', async () => {
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let sum = 0;
    for await (const row of db.stream(DIGITS[name] ?? '')) {
      count++;
      sum += Number(row[0]);
      if (count % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(count).toBe(100_000);
    expect(sum).toBe((99_999 * 100_000) / 2);
    // 100k rows of 1 kB would be ~200 MB of JS strings if buffered.
    expect(peak).toBeLessThan(80 * 1024 * 1024);
  });

  it('leaves the connection usable when the consumer stops early', async () => {
    let seen = 0;
    for await (const row of db.stream(DIGITS[name] ?? '')) {
      expect(row).toHaveLength(2);
      if (++seen === 10) break;
    }
    expect((await db.query('SELECT COUNT(*) FROM sample')).rows).toEqual([['2']]);
  });

  it('wraps a failing stream query as QUERY_FAILED', async () => {
    const consume = async () => {
      for await (const row of db.stream('SELECT no_such_column FROM sample')) void row;
    };
    await expect(consume()).rejects.toMatchObject({ code: ErrorCodes.QUERY_FAILED });
    expect((await db.query('SELECT 1')).rows).toEqual([['1']]);
  });

  it('bulk-loads tabs, newlines, backslashes, NULL and Bengali text unchanged', async () => {
    const bodies: (string | null)[] = [
      'a\tb',
      'line1\nline2\r\n',
      'C:\\path\\to',
      '\\N',
      null,
      'রহিম উদ্দিন\tকরিম',
      '',
      'trailing backslash\\',
    ];
    async function* rows(): AsyncGenerator<RawRow> {
      for (let i = 0; i < bodies.length; i++) yield [String(i + 1), bodies[i] ?? null];
    }
    expect(await db.bulkLoad('loaded', ['id', 'body'], rows())).toBe(bodies.length);
    const { rows: back } = await db.query('SELECT body FROM loaded ORDER BY id');
    expect(back.map((r) => r[0])).toEqual(bodies);
  });

  it('bulk-loads a large batch from a lazy iterable', async () => {
    await db.exec('CREATE TABLE many (id INT PRIMARY KEY, body TEXT)');
    function* rows(): Generator<RawRow> {
      for (let i = 1; i <= 50_000; i++) yield [String(i), `রো ${i}\t${i % 7 === 0 ? '\\' : ''}`];
    }
    expect(await db.bulkLoad('many', ['id', 'body'], rows())).toBe(50_000);
    expect((await db.query('SELECT COUNT(*), MAX(id) FROM many')).rows).toEqual([
      ['50000', '50000'],
    ]);
  });

  it('commits and rolls back transactions, with savepoints when nested', async () => {
    await db.exec('CREATE TABLE tx (id INT PRIMARY KEY)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx VALUES (1)');
      await tx
        .transaction(async (inner) => {
          await inner.query('INSERT INTO tx VALUES (2)');
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx VALUES (3)');
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect((await db.query('SELECT id FROM tx ORDER BY id')).rows).toEqual([['1']]);
  });

  it('reports the rows a DELETE or UPDATE matched, and none for a SELECT', async () => {
    await db.exec('CREATE TABLE changed (id INT PRIMARY KEY, n INT)');
    await db.query('INSERT INTO changed VALUES (1, 0), (2, 0), (3, 0), (4, 0)');
    const p = (n: number) => dialect.placeholder(n);
    // Matched, not changed, on both servers: no row's value is different afterwards.
    expect((await db.query('UPDATE changed SET n = n')).affectedRows).toBe(4);
    expect((await db.query(`UPDATE changed SET n = 1 WHERE id > ${p(1)}`, [1])).affectedRows).toBe(
      3,
    );
    expect((await db.query(`DELETE FROM changed WHERE n = ${p(1)}`, [1])).affectedRows).toBe(3);
    expect((await db.query('DELETE FROM changed WHERE id = 99')).affectedRows).toBe(0);
    const select = await db.query('SELECT id FROM changed');
    expect(select.rows).toEqual([['1']]);
    expect(select.affectedRows).toBeUndefined();
    if (name === 'postgres') {
      // A SELECT of no columns still answers its rows.
      const none = await db.query('SELECT FROM changed');
      expect(none.rows).toHaveLength(1);
      expect(none.affectedRows).toBeUndefined();
    }
  });

  it('refuses writes on a read-only connection', async () => {
    await using ro = await dialect.connect(url, { readOnly: true });
    expect(ro.readOnly).toBe(true);
    expect((await ro.query('SELECT COUNT(*) FROM sample')).rows).toEqual([['2']]);
    await expect(ro.exec('DELETE FROM sample')).rejects.toMatchObject({
      code: ErrorCodes.LEGACY_WRITE_REFUSED,
    });
    await expect(ro.bulkLoad('loaded', ['id', 'body'], [['100', 'x']])).rejects.toMatchObject({
      code: ErrorCodes.LEGACY_WRITE_REFUSED,
    });
    await expect(ro.query('UPDATE sample SET name = NULL')).rejects.toMatchObject({
      code: ErrorCodes.LEGACY_WRITE_REFUSED,
    });
    if (name === 'postgres') {
      // The server's read-only session holds even when a write hides behind a read.
      const sneaky = 'WITH d AS (DELETE FROM sample RETURNING 1) SELECT COUNT(*) FROM d';
      await expect(ro.query(sneaky)).rejects.toMatchObject({ code: ErrorCodes.QUERY_FAILED });
    }
    expect((await db.query('SELECT COUNT(*) FROM sample')).rows).toEqual([['2']]);
  });

  it('names host, port and database but never the password when a server is unreachable', async () => {
    const password = 'Sup3r-Secret-pw';
    const error = await dialect
      .connect(`${name}://cutover:${password}@127.0.0.1:1/nowhere_db`)
      .catch((e: unknown) => e);
    expect(isCutoverError(error) && error.code).toBe(ErrorCodes.DATABASE_UNREACHABLE);
    const message = (error as Error).message;
    expect(message).toContain('127.0.0.1:1/nowhere_db');
    expect(message).not.toContain(password);
  });

  it('does not echo the password when it is wrong', async () => {
    const parsed = new URL(url);
    parsed.password = 'Wr0ng-Secret-pw';
    const error = await dialect.connect(parsed.toString()).catch((e: unknown) => e);
    expect(isCutoverError(error) && error.code).toBe(ErrorCodes.DATABASE_UNREACHABLE);
    expect((error as Error).message).not.toContain('Wr0ng-Secret-pw');
    expect((error as Error).message).not.toContain(new URL(url).password);
  });

  it('wraps a failing statement as QUERY_FAILED naming the SQL', async () => {
    const error = await db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(isCutoverError(error) && error.code).toBe(ErrorCodes.QUERY_FAILED);
    expect((error as Error).message).toContain('SELECT * FROM no_such_table');
    expect((error as Error).cause).toBeDefined();
  });

  it('quotes identifiers, schema-qualified too', () => {
    const q = name === 'mysql' ? '`' : '"';
    expect(dialect.quoteIdent('sales.order')).toBe(`${q}sales${q}.${q}order${q}`);
    expect(dialect.quoteIdent(`we${q}ird`)).toBe(`${q}we${q}${q}ird${q}`);
  });
});
