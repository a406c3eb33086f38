/**
 * Ports for talking SQL. A Dialect says how to speak to a kind of server; a Db is one open
 * connection to one database. Checks depend on these ports only, never on a driver, so a
 * database difference is a dialect capability and never an `if (db === 'mysql')`.
 */

export type DialectName = 'mysql' | 'postgres';

/** A value read as the server's own text (no driver-side type parsing); NULL is null. */
export type RawValue = string | null;
export type RawRow = RawValue[];

/**
 * How a column is rendered to canonical text, so that a row hashes to the same MD5 in
 * MySQL, PostgreSQL and Node. See canonical.ts for the exact rendering of each kind.
 */
export type CanonicalKind =
  | 'text'
  | 'integer'
  | 'decimal2'
  | 'decimal3'
  | 'boolean'
  | 'date'
  | 'timestamp-utc';

export interface CanonicalColumn {
  /** Column name in the table being read. */
  column: string;
  kind: CanonicalKind;
  /**
   * A SQL expression read instead of the column (a joined value, a time-zone shift);
   * `column` then only names it. Trusted text from a suite, never user data.
   */
  expr?: string;
}

/** Calendar buckets for history completeness and grouped totals. */
export type Period = 'day' | 'month';

export interface QueryResult {
  columns: string[];
  rows: RawRow[];
  /**
   * Rows an INSERT, UPDATE or DELETE without a result set matched, as the server reports it
   * (of a script: its last statement); undefined for anything else.
   */
  affectedRows?: number;
}

export interface Db extends AsyncDisposable {
  readonly dialect: Dialect;
  /** Database (MySQL) or database name (PostgreSQL) this connection works in. */
  readonly database: string;
  readonly readOnly: boolean;
  /** Runs one statement with positional parameters (`?` in MySQL, `$1` in PostgreSQL). */
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
  /** Rows as objects keyed by column name; raw text values. Small results only. */
  rows(sql: string, params?: readonly unknown[]): Promise<Record<string, RawValue>[]>;
  /** Streams rows without buffering the whole result and without per-row type parsing. */
  stream(sql: string, params?: readonly unknown[]): AsyncIterable<RawRow>;
  /** Runs a script of several statements (DDL fixtures). Refused on read-only connections. */
  exec(script: string): Promise<void>;
  /**
   * Bulk-loads rows through the server's fast path (LOAD DATA LOCAL INFILE / COPY FROM
   * STDIN). Values are raw text, NULL as null. Returns the number of rows loaded.
   */
  bulkLoad(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<RawRow> | Iterable<RawRow>,
  ): Promise<number>;
  /** Runs `work` in one transaction on this connection; rolls back if it throws. */
  transaction<T>(work: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Opened read-only: legacy databases the harness did not create are never written. */
  readOnly?: boolean;
}

export interface Dialect {
  readonly name: DialectName;
  /** Quotes an identifier, `schema.table` into two quoted parts. */
  quoteIdent(name: string): string;
  /** Placeholder for the n-th (1-based) parameter. */
  placeholder(n: number): string;
  connect(url: string, options?: ConnectOptions): Promise<Db>;
  /** SQL expression giving the canonical text of a column (NULL stays NULL). */
  canonicalExpr(column: CanonicalColumn, tableAlias?: string): string;
  /**
   * SQL expression of the 32-hex MD5 of a row: md5 of the canonical texts joined by '|',
   * NULL rendered as '\N', so Node's `rowDigest` gives the same value.
   */
  rowDigestExpr(columns: readonly CanonicalColumn[], tableAlias?: string): string;
  /**
   * Query returning one row (row_count, xor_digest) for the whole table or a key range:
   * XOR of the first 16 hex digits of each row digest (as two 32-bit halves), so the
   * aggregate is order-independent and equal across servers.
   */
  tableDigestSql(options: TableDigestOptions): string;
  /**
   * Like tableDigestSql, for a table compared only with itself on the same server (the
   * rollback snapshots): free to use a cheaper hash of the same canonical row text.
   * Without it, snapshots use tableDigestSql.
   */
  snapshotDigestSql?(options: TableDigestOptions): string;
  /** SQL expression: a DATE/DATETIME/TIMESTAMP expression moved by whole minutes. */
  addMinutesExpr(expr: string, minutes: number): string;
  /**
   * SQL expression giving the 'YYYY-MM-DD' (day) or 'YYYY-MM' (month) text of a date or
   * timestamp expression, read `offsetMinutes` east of how it is stored (e.g. a UTC
   * timestamp read as Asia/Dhaka local time with 360).
   */
  periodExpr(expr: string, period: Period, offsetMinutes?: number): string;
  /** Server version string, e.g. '10.11.19-MariaDB' or 'PostgreSQL 15.18'. */
  versionSql(): string;
  /** Statement refreshing the planner's statistics of a table. */
  analyzeSql(table: string): string;
  /**
   * Statement vacuuming a table once a wave's bulk load is over, or undefined where the
   * server needs none (InnoDB purges on its own).
   */
  vacuumSql(table: string): string | undefined;
}

export interface TableDigestOptions {
  table: string;
  columns: readonly CanonicalColumn[];
  where?: string;
  /**
   * A FROM clause read instead of the quoted table (a join, e.g. to compare a child row with
   * its parent's legacy id); `table` then only names it. Trusted text from a suite.
   */
  from?: string;
}
