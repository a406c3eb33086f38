import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { mysqlDialect } from './mysql/mysql-dialect.ts';
import { postgresDialect } from './postgres/postgres-dialect.ts';

// The capabilities the check catalogue adds to the dialects: calendar buckets with a
// time-zone offset, minute shifts, and digests over an expression or a join. Each must give
// the same text on both servers, or a completeness or pushdown check would report phantoms.
let scratch: ScratchDatabases;
let mysql: Db;
let postgres: Db;

const DDL = {
  mysql: `CREATE TABLE ev (id INT PRIMARY KEY, at_local DATETIME NULL, on_day DATE NULL, parent_id INT NULL);
    CREATE TABLE par (id INT PRIMARY KEY, code VARCHAR(20));`,
  postgres: `CREATE TABLE ev (id INT PRIMARY KEY, at_local TIMESTAMPTZ NULL, on_day DATE NULL, parent_id INT NULL);
    CREATE TABLE par (id INT PRIMARY KEY, code VARCHAR(20));`,
};
const ROWS = `INSERT INTO ev VALUES (1, '2025-03-31 18:30:00', '2025-03-31', 10), (2, '2025-12-31 17:59:59', '2024-02-29', 11),
  (3, NULL, NULL, NULL); INSERT INTO par VALUES (10, 'P-10'), (11, 'P-11');`;

beforeAll(async () => {
  scratch = await scratchDatabases('dialect-periods');
  mysql = await mysqlDialect.connect(scratch.legacyUrl);
  postgres = await postgresDialect.connect(scratch.targetUrl);
  await mysql.exec(DDL.mysql + ROWS);
  await postgres.exec(DDL.postgres + ROWS);
});

afterAll(async () => {
  await mysql?.close();
  await postgres?.close();
  await scratch?.dispose();
});

const both = () => [mysql, postgres] as const;
const column = async (db: Db, expr: string) =>
  (await db.query(`SELECT ${expr} FROM ev ORDER BY id`)).rows.map((r) => r[0]);

describe('periodExpr and addMinutesExpr', () => {
  it('renders days and months identically, NULL staying NULL', async () => {
    for (const db of both()) {
      expect(await column(db, db.dialect.periodExpr('on_day', 'day')), db.dialect.name).toEqual([
        '2025-03-31',
        '2024-02-29',
        null,
      ]);
      expect(await column(db, db.dialect.periodExpr('at_local', 'month')), db.dialect.name).toEqual(
        ['2025-03', '2025-12', null],
      );
    }
  });

  it('moves a UTC instant into Asia/Dhaka (+6 h) across a day, month and year boundary', async () => {
    for (const db of both()) {
      expect(
        await column(db, db.dialect.periodExpr('at_local', 'day', 360)),
        db.dialect.name,
      ).toEqual(['2025-04-01', '2025-12-31', null]);
      expect(
        await column(db, db.dialect.periodExpr('at_local', 'month', 361)),
        db.dialect.name,
      ).toEqual(['2025-04', '2026-01', null]);
      const shifted = db.dialect.canonicalExpr({
        column: 'x',
        kind: 'timestamp-utc',
        expr: db.dialect.addMinutesExpr('at_local', -360),
      });
      expect(await column(db, shifted), db.dialect.name).toEqual([
        '2025-03-31 12:30:00',
        '2025-12-31 11:59:59',
        null,
      ]);
    }
  });
});

describe('digests over an expression and a join', () => {
  it('gives the same table digest on both servers for a joined parent code', async () => {
    const options = {
      table: 'ev',
      from: 'ev LEFT JOIN par ON par.id = ev.parent_id',
      columns: [
        { column: 'id', kind: 'integer', expr: 'ev.id' },
        { column: 'parent', kind: 'text', expr: 'par.code' },
        { column: 'day', kind: 'date', expr: 'ev.on_day' },
      ] as const,
      where: 'ev.id <= 3',
    };
    const my = (await mysql.query(mysqlDialect.tableDigestSql(options))).rows;
    const pg = (await postgres.query(postgresDialect.tableDigestSql(options))).rows;
    expect(my[0]?.[0]).toBe('3');
    expect(pg).toEqual(my);
    await postgres.exec("UPDATE par SET code = 'P-1O' WHERE id = 10");
    try {
      const changed = (await postgres.query(postgresDialect.tableDigestSql(options))).rows;
      expect(changed[0]?.[1]).not.toEqual(my[0]?.[1]);
    } finally {
      await postgres.exec("UPDATE par SET code = 'P-10' WHERE id = 10");
    }
  });
});
