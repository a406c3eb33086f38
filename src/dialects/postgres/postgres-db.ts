import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import type { CustomTypesConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import type {
  ConnectOptions,
  Db,
  Dialect,
  QueryResult,
  RawRow,
  RawValue,
} from '../../core/dialect.ts';
import { parseConnectionUrl } from '../shared/connection-target.ts';
import { encodeRows } from '../shared/copy-text.ts';
import { isReadStatement, queryFailed, unreachable, writeRefused } from '../shared/db-errors.ts';
import { quotePostgresIdent } from './quote-postgres-ident.ts';

/** Every value stays the server's text: no Date objects, no float or bigint parsing. */
const RAW_TEXT: CustomTypesConfig = {
  getTypeParser: (() => (value: string) => value) as unknown as CustomTypesConfig['getTypeParser'],
};

const STREAM_BATCH = 1000;
/** Statements whose command tag counts the rows they changed (QueryResult.affectedRows). */
const CHANGING = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

export async function connectPostgres(
  dialect: Dialect,
  url: string,
  options: ConnectOptions = {},
): Promise<Db> {
  const target = parseConnectionUrl(url, 5432);
  const client = new pg.Client({
    // The driver reads sslmode, socket hosts and the like from the URL itself.
    connectionString: url,
    types: RAW_TEXT,
    connectionTimeoutMillis: 10_000,
    application_name: 'cutover',
  });
  // A server-side disconnect emits 'error' outside any query; without a listener it would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const session = [
      "SET TimeZone = 'UTC'",
      "SET DateStyle = 'ISO, YMD'",
      "SET client_encoding = 'UTF8'",
      // Literals as the standard has them (the default): the bookkeeping partitions are found
      // by their bound as the server prints it (etl/bookkeeping-partitions.ts).
      'SET standard_conforming_strings = on',
    ];
    if (options.readOnly === true) session.push('SET default_transaction_read_only = on');
    await client.query(session.join('; '));
  } catch (cause) {
    await client.end().catch(() => undefined);
    throw unreachable('postgres', target, cause);
  }
  return new PostgresDb(dialect, client, target.database, options.readOnly === true);
}

class PostgresDb implements Db {
  private closed = false;
  private depth = 0;

  constructor(
    readonly dialect: Dialect,
    private readonly client: pg.Client,
    readonly database: string,
    readonly readOnly: boolean,
  ) {}

  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    this.guardRead(sql);
    let result: pg.QueryArrayResult | pg.QueryArrayResult[];
    try {
      result = await this.client.query({
        text: sql,
        values: params === undefined ? [] : [...params],
        rowMode: 'array',
        types: RAW_TEXT,
      });
    } catch (cause) {
      throw queryFailed(sql, cause);
    }
    // A script without parameters goes through the simple protocol and may answer several results.
    const last = Array.isArray(result) ? result.at(-1) : result;
    if (last === undefined || last.fields === undefined) return { columns: [], rows: [] };
    const columns = last.fields.map((f: pg.FieldDef) => f.name);
    // By the command tag: a SELECT of no columns has rows too, and MOVE or COPY a count.
    return CHANGING.has(last.command) && columns.length === 0 && last.rowCount !== null
      ? { columns, rows: [], affectedRows: last.rowCount }
      : { columns, rows: last.rows as RawRow[] };
  }

  async rows(sql: string, params?: readonly unknown[]): Promise<Record<string, RawValue>[]> {
    const { columns, rows } = await this.query(sql, params);
    return rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i] ?? null])));
  }

  async *stream(sql: string, params?: readonly unknown[]): AsyncIterable<RawRow> {
    this.guardRead(sql);
    // A portal with a row limit: the server holds the rest until the consumer asks for it.
    const stream = new QueryStream(sql, params === undefined ? [] : [...params], {
      rowMode: 'array',
      types: RAW_TEXT,
      batchSize: STREAM_BATCH,
    });
    this.client.query(stream);
    try {
      for await (const row of stream) yield row as RawRow;
    } catch (cause) {
      throw queryFailed(sql, cause);
    }
  }

  async exec(script: string): Promise<void> {
    if (this.readOnly) throw writeRefused(this.database, 'run a script');
    try {
      await this.client.query(script);
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
    const sql = `COPY ${quotePostgresIdent(table)} (${columns.map(quotePostgresIdent).join(', ')}) FROM STDIN`;
    try {
      const sink = this.client.query(copyFrom(sql));
      await pipeline(Readable.from(encoded.chunks), sink);
    } catch (cause) {
      throw queryFailed(sql, cause);
    }
    return encoded.count;
  }

  async transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const savepoint = this.depth === 0 ? undefined : `cutover_sp_${this.depth}`;
    await this.control(savepoint === undefined ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
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
    await this.client.end().catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async control(sql: string): Promise<void> {
    try {
      await this.client.query(sql);
    } catch (cause) {
      throw queryFailed(sql, cause);
    }
  }

  private guardRead(sql: string): void {
    if (this.readOnly && !isReadStatement(sql))
      throw writeRefused(this.database, 'run a writing statement');
  }
}
