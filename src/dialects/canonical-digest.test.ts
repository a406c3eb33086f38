import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalText, digestBits, rowDigest, xorHex } from '../core/canonical.ts';
import type { Db, RawRow } from '../core/dialect.ts';
import { scratchDatabases } from '../../tests/support/scratch.ts';
import type { ScratchDatabases } from '../../tests/support/scratch.ts';
import { mysqlDialect } from './mysql/mysql-dialect.ts';
import { postgresDialect } from './postgres/postgres-dialect.ts';
import { KINDS_COLUMNS, KINDS_DDL, KINDS_ROWS, KINDS_TABLE } from './test-tables.ts';

// The checksum criterion (001 §5.2) rests on this: the same content hashes the same in
// MariaDB/MySQL, PostgreSQL and Node, row by row and as a whole-table XOR.
let scratch: ScratchDatabases;
let mysql: Db;
let postgres: Db;

beforeAll(async () => {
  scratch = await scratchDatabases('canonical-digest');
  mysql = await mysqlDialect.connect(scratch.legacyUrl);
  postgres = await postgresDialect.connect(scratch.targetUrl);
  for (const db of [mysql, postgres]) {
    await db.exec(KINDS_DDL[db.dialect.name]);
    await db.bulkLoad(
      KINDS_TABLE,
      KINDS_COLUMNS.map((c) => c.column),
      KINDS_ROWS,
    );
  }
});

afterAll(async () => {
  await mysql?.close();
  await postgres?.close();
  await scratch?.dispose();
});

function nodeDigests(rows: RawRow[]): string[] {
  return rows.map((row) =>
    rowDigest(KINDS_COLUMNS.map((col, i) => canonicalText(row[i] ?? null, col.kind))),
  );
}

function nodeXor(digests: string[]): string {
  return xorHex(digests.reduce((acc, d) => acc ^ digestBits(d), 0n));
}

async function rawRows(db: Db, where = ''): Promise<RawRow[]> {
  const cols = KINDS_COLUMNS.map((c) => db.dialect.quoteIdent(c.column)).join(', ');
  const rows: RawRow[] = [];
  for await (const row of db.stream(`SELECT ${cols} FROM ${KINDS_TABLE} ${where} ORDER BY id`))
    rows.push(row);
  return rows;
}

async function sqlDigests(db: Db, where = ''): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT ${db.dialect.rowDigestExpr(KINDS_COLUMNS, 'k')} FROM ${KINDS_TABLE} k ${where} ORDER BY id`,
  );
  return rows.map((r) => r[0] ?? '');
}

describe('canonical digests across MariaDB, PostgreSQL and Node', () => {
  it('renders every kind to the same canonical text on both servers', async () => {
    for (const col of KINDS_COLUMNS) {
      const my = await mysql.query(
        `SELECT ${mysqlDialect.canonicalExpr(col)} FROM ${KINDS_TABLE} ORDER BY id`,
      );
      const pg = await postgres.query(
        `SELECT ${postgresDialect.canonicalExpr(col)} FROM ${KINDS_TABLE} ORDER BY id`,
      );
      expect(pg.rows, col.column).toEqual(my.rows);
    }
  });

  it('gives identical per-row digests in SQL, equal to Node over the raw text of each server', async () => {
    const my = await sqlDigests(mysql);
    const pg = await sqlDigests(postgres);
    expect(my).toHaveLength(KINDS_ROWS.length);
    expect(pg).toEqual(my);
    expect(nodeDigests(await rawRows(mysql))).toEqual(my);
    expect(nodeDigests(await rawRows(postgres))).toEqual(my);
  });

  it('gives identical table digests, equal to the XOR computed in Node', async () => {
    const expected = nodeXor(await sqlDigests(mysql));
    const sql = { table: KINDS_TABLE, columns: KINDS_COLUMNS };
    const my = await mysql.query(mysqlDialect.tableDigestSql(sql));
    const pg = await postgres.query(postgresDialect.tableDigestSql(sql));
    expect(my.columns).toEqual(['row_count', 'xor_digest']);
    expect(pg.columns).toEqual(['row_count', 'xor_digest']);
    expect(my.rows).toEqual([[String(KINDS_ROWS.length), expected]]);
    expect(pg.rows).toEqual(my.rows);
    expect(expected).toMatch(/^[0-9a-f]{16}$/);
  });

  it('restricts the table digest to a key range', async () => {
    const where = 'id BETWEEN 2 AND 4';
    const expected = nodeXor(nodeDigests(await rawRows(postgres, `WHERE ${where}`)));
    const my = await mysql.query(
      mysqlDialect.tableDigestSql({ table: KINDS_TABLE, columns: KINDS_COLUMNS, where }),
    );
    const pg = await postgres.query(
      postgresDialect.tableDigestSql({ table: KINDS_TABLE, columns: KINDS_COLUMNS, where }),
    );
    expect(my.rows).toEqual([['3', expected]]);
    expect(pg.rows).toEqual(my.rows);
  });

  it('gives 0 and sixteen zeros for an empty range', async () => {
    const options = { table: KINDS_TABLE, columns: KINDS_COLUMNS, where: 'id < 0' };
    expect((await mysql.query(mysqlDialect.tableDigestSql(options))).rows).toEqual([
      ['0', '0000000000000000'],
    ]);
    expect((await postgres.query(postgresDialect.tableDigestSql(options))).rows).toEqual([
      ['0', '0000000000000000'],
    ]);
  });

  it('detects a one-cent difference', async () => {
    await postgres.exec(`UPDATE ${KINDS_TABLE} SET amount = amount + 0.01 WHERE id = 3`);
    try {
      const options = { table: KINDS_TABLE, columns: KINDS_COLUMNS };
      const my = await mysql.query(mysqlDialect.tableDigestSql(options));
      const pg = await postgres.query(postgresDialect.tableDigestSql(options));
      expect(pg.rows[0]?.[1]).not.toEqual(my.rows[0]?.[1]);
    } finally {
      await postgres.exec(`UPDATE ${KINDS_TABLE} SET amount = amount - 0.01 WHERE id = 3`);
    }
  });

  it('reports the server version', async () => {
    expect((await mysql.query(mysqlDialect.versionSql())).rows[0]?.[0]).toMatch(/^\d+\.\d+\.\d+/);
    expect((await postgres.query(postgresDialect.versionSql())).rows[0]?.[0]).toMatch(
      /^PostgreSQL \d+\.\d+/,
    );
  });
});
