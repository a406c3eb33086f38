import type { CanonicalColumn, DialectName } from '../core/dialect.ts';

/*
 * Test-only helpers shared by the dialect tests: one table of every canonical kind, with
 * the column types each server would really hold (DECIMAL vs NUMERIC, TINYINT(1) vs BOOLEAN).
 */
export const KINDS_TABLE = 'kinds';

export const KINDS_DDL: Record<DialectName, string> = {
  mysql: `CREATE TABLE kinds (
    id INT PRIMARY KEY, name VARCHAR(200) NULL, note TEXT NULL, big BIGINT NULL,
    amount DECIMAL(16,2) NULL, qty DECIMAL(15,3) NULL, active TINYINT(1) NULL, born DATE NULL,
    seen TIMESTAMP(3) NULL DEFAULT NULL, local_at DATETIME NULL
  ) CHARACTER SET utf8mb4`,
  postgres: `CREATE TABLE kinds (
    id INT PRIMARY KEY, name VARCHAR(200) NULL, note TEXT NULL, big BIGINT NULL,
    amount NUMERIC(16,2) NULL, qty NUMERIC(15,3) NULL, active BOOLEAN NULL, born DATE NULL,
    seen TIMESTAMPTZ(3) NULL, local_at TIMESTAMP NULL
  )`,
};

export const KINDS_COLUMNS: readonly CanonicalColumn[] = [
  { column: 'id', kind: 'integer' },
  { column: 'name', kind: 'text' },
  { column: 'note', kind: 'text' },
  { column: 'big', kind: 'integer' },
  { column: 'amount', kind: 'decimal2' },
  { column: 'qty', kind: 'decimal3' },
  { column: 'active', kind: 'boolean' },
  { column: 'born', kind: 'date' },
  { column: 'seen', kind: 'timestamp-utc' },
  { column: 'local_at', kind: 'timestamp-utc' },
];

type Row = (string | null)[];

/** Rows as loaded: the same text on both servers (booleans as 1/0, timestamps in UTC). */
export const KINDS_ROWS: Row[] = [
  [
    '1',
    'রহিম উদ্দিন',
    'plain',
    '9007199254740993',
    '12345678901234.56',
    '1234.567',
    '1',
    '2024-01-05',
    '2024-01-05 10:11:12.999',
    '2024-01-05 16:11:12',
  ],
  ['2', null, null, null, null, null, null, null, null, null],
  [
    '3',
    '',
    'tab\there',
    '-42',
    '-0.01',
    '-0.001',
    '0',
    '1999-12-31',
    '1970-01-01 00:00:01',
    '2000-02-29 23:59:59',
  ],
  [
    '4',
    'pipe|inside',
    'back\\slash\nnew line\r\n',
    '0',
    '-99999999999999.99',
    '-999999999999.999',
    '1',
    '2038-01-19',
    '2038-01-19 03:14:07',
    '1000-01-01 00:00:00',
  ],
  [
    '5',
    'করিম',
    'মাটি ও মানুষ',
    '-9223372036854775808',
    '0.00',
    '0.000',
    '0',
    '2020-02-29',
    '2020-02-29 12:00:00.5',
    '9999-12-31 23:59:59',
  ],
  [
    '6',
    '\\N',
    'literal backslash-N is not NULL',
    '7',
    '7.10',
    '7.100',
    '1',
    '2001-01-01',
    '2001-01-01 00:00:01',
    '2001-01-01 00:00:01',
  ],
];
