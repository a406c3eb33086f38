import { Readable } from 'node:stream';
import mysql from 'mysql2';
import type { Connection, ConnectionOptions, FieldPacket, ResultSetHeader } from 'mysql2';
import type {
  ConnectOptions,
  Db,
  Dialect,
  QueryResult,
  RawRow,
  RawValue,
} from '../../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../../core/errors.ts';
import { parseConnectionUrl } from '../shared/connection-target.ts';
import { encodeRows } from '../shared/copy-text.ts';
import { isReadStatement, queryFailed, unreachable, writeRefused } from '../shared/db-errors.ts';
import { quoteMysqlIdent } from './quote-mysql-ident.ts';

/** Rows held before the socket is paused: enough to keep the pipe busy, small enough not to buffer. */
const STREAM_HIGH_WATER = 1000;

export async function connectMysql(
  dialect: Dialect,
  url: string,
  options: ConnectOptions = {},
): Promise<Db> {
  const target = parseConnectionUrl(url, 3306);
  const config: ConnectionOptions = {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    charset: 'UTF8MB4_UNICODE_CI',
    rowsAsArray: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    // Every value as the server's text: no Date objects, no float parsing, BLOBs as UTF-8.
    typeCast: (field) => field.string('utf8'),
    multipleStatements: true,
    connectTimeout: 10_000,
  };
  if (target.socket !== undefined) config.socketPath = target.socket;
  const conn = mysql.createConnection(config);
  // A dropped connection emits 'error' outside any query; without a listener it would crash the process.
  conn.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) =>
      conn.connect((err) => (err ? reject(err) : resolve())),
    );
    const session = ["SET SESSION time_zone = '+00:00'"];
    if (options.readOnly === true) session.push('SET SESSION TRANSACTION READ ONLY');
    await run(conn, session.join('; '));
  } catch (cause) {
    conn.destroy();
    throw unreachable('mysql', target, cause);
  }
  return new MysqlDb(dialect, conn, target.database, options.readOnly === true);
}

function run(
  conn: Connection,
  sql: string,
  values?: readonly unknown[],
  infile?: () => Readable,
): Promise<{ rows: unknown; fields: FieldPacket[] | undefined }> {
  return new Promise((resolve, reject) => {
    const options: mysql.QueryOptions = { sql, rowsAsArray: true };
    if (values !== undefined) options.values = values as mysql.QueryOptions['values'];
    if (infile !== undefined) options.infileStreamFactory = infile;
    conn.query(options, (err, rows, fields) => (err ? reject(err) : resolve({ rows, fields })));
  });
}

class MysqlDb implements Db {
  private closed = false;
  private depth = 0;

  constructor(
    readonly dialect: Dialect,
    private readonly conn: Connection,
    readonly database: string,
    readonly readOnly: boolean,
  ) {}

  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    this.guardRead(sql);
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run(this.conn, sql, params);
    } catch (cause) {
      throw queryFailed(sql, cause);
    }
    if (!Array.isArray(result.rows) || result.fields === undefined) {
      const changed = (result.rows as { affectedRows?: unknown } | null)?.affectedRows;
      return typeof changed === 'number'
        ? { columns: [], rows: [], affectedRows: changed }
        : { columns: [], rows: [] };
    }
    return { columns: result.fields.map((f) => f.name), rows: result.rows as RawRow[] };
  }

  async rows(sql: string, params?: readonly unknown[]): Promise<Record<string, RawValue>[]> {
    const { columns, rows } = await this.query(sql, params);
    return rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i] ?? null])));
  }

  async *stream(sql: string, params?: readonly unknown[]): AsyncIterable<RawRow> {
    this.guardRead(sql);
    const conn = this.conn;
    let queue: RawRow[] = [];
    let ended = false;
    let discard = false;
    let paused = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const options: mysql.QueryOptions = { sql, rowsAsArray: true };
    if (params !== undefined) options.values = params as mysql.QueryOptions['values'];
    const query = conn.query(options);
    query.on('result', (row: unknown) => {
      if (discard || !Array.isArray(row)) return;
      queue.push(row as RawRow);
      // Backpressure: stop reading the socket until the consumer catches up.
      if (queue.length >= STREAM_HIGH_WATER && !paused) {
        conn.pause();
        paused = true;
      }
      notify();
    });
    query.on('error', (err: unknown) => {
      failure ??= err;
      ended = true;
      notify();
    });
    query.on('end', () => {
      ended = true;
      notify();
    });
    try {
      for (;;) {
        if (queue.length > 0) {
          const batch = queue;
          queue = [];
          if (paused) {
            paused = false;
            conn.resume();
          }
          for (const row of batch) yield row;
          continue;
        }
        if (failure !== undefined) throw queryFailed(sql, failure);
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      if (!ended) {
        // The consumer stopped early: the server still sends the rest; drain it so the
        // connection stays usable for the next statement.
        discard = true;
        queue = [];
        if (paused) conn.resume();
        await new Promise<void>((resolve) => {
          if (ended) resolve();
          else wake = resolve;
        });
      }
    }
  }

  async exec(script: string): Promise<void> {
    if (this.readOnly) throw writeRefused(this.database, 'run a script');
    try {
      await run(this.conn, script);
    } catch (cause) {
      throw queryFailed(script, cause);
    }
  }

  async bulkLoad(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<RawRow> | Iterable<RawRow>,
  ): Promise<number> {
    if (this.readOnly) throw writeRefused(this.database, `bulk-load ${table}`);
    const encoded = encodeRows(rows, columns.length);
    async function* buffers() {
      for await (const chunk of encoded.chunks) yield Buffer.from(chunk, 'utf8');
    }
    // Defaults of LOAD DATA are exactly our format: tab, newline, backslash escapes, \N.
    const sql =
      `LOAD DATA LOCAL INFILE 'cutover-bulk-load' INTO TABLE ${quoteMysqlIdent(table)} CHARACTER SET utf8mb4 ` +
      `(${columns.map(quoteMysqlIdent).join(', ')})`;
    let header: ResultSetHeader;
    try {
      header = (await run(this.conn, sql, undefined, () => Readable.from(buffers())))
        .rows as ResultSetHeader;
    } catch (cause) {
      throw queryFailed(sql, cause);
    }
    // LOCAL turns data errors into warnings; a truncated or coerced value must not pass silently.
    if (header.warningStatus > 0) {
      const warnings = await this.query('SHOW WARNINGS LIMIT 5');
      const text = warnings.rows.map((r) => r.join(' ')).join('; ');
      throw new CutoverError(
        ErrorCodes.LOAD_FAILED,
        `LOAD DATA into ${table} raised ${header.warningStatus} warning(s): ${text}`,
        {
          details: { table, warnings: header.warningStatus },
        },
      );
    }
    if (header.affectedRows !== encoded.count) {
      throw new CutoverError(
        ErrorCodes.LOAD_FAILED,
        `LOAD DATA into ${table} stored ${header.affectedRows} of ${encoded.count} rows`,
        {
          details: { table, sent: encoded.count, stored: header.affectedRows },
        },
      );
    }
    return encoded.count;
  }

  async transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const savepoint = this.depth === 0 ? undefined : `cutover_sp_${this.depth}`;
    await this.control(savepoint === undefined ? 'START TRANSACTION' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const value = await work(this);
      await this.control(savepoint === undefined ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
      return value;
    } catch (error) {
      await this.control(
        savepoint === undefined ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`,
      ).catch(() => undefined);
      throw error;
    } finally {
      this.depth--;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.conn.end(() => resolve()));
    this.conn.destroy();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async control(sql: string): Promise<void> {
    try {
      await run(this.conn, sql);
    } catch (cause) {
      throw queryFailed(sql, cause);
    }
  }

  private guardRead(sql: string): void {
    if (this.readOnly && !isReadStatement(sql))
      throw writeRefused(this.database, 'run a writing statement');
  }
}
