import { hash } from 'node:crypto';
import type { Db } from '../core/dialect.ts';

/**
 * Joins a row's canonical texts before hashing. A row whose texts hold it is never digested
 * (see joinForDigest): with no separator inside a field, equal joins are equal fields.
 */
const SEPARATOR = '\u001f';

/**
 * The canonical texts of one row joined for its digest, or undefined when a text holds the
 * separator itself (such a set is compared the long way, field by field).
 */
export function joinForDigest(texts: readonly string[]): string | undefined {
  for (const text of texts) if (text.includes(SEPARATOR)) return undefined;
  return texts.join(SEPARATOR);
}

/**
 * A multiset of rows as a count and the XOR of each row's MD5 (128 bits): equal sets give
 * equal digests whatever their order, and a row missing, changed or held twice changes the
 * digest (short of an MD5 collision or a crafted set of them). The fast path of checks whose
 * clean case is "these two sets are equal": when the digests agree the check passes without
 * any row crossing between Node and the database; when they differ the check compares row
 * by row to name each difference. Matches postgresSetDigestSql over the same texts.
 */
export class SetDigest {
  count = 0;
  private readonly words = new Int32Array(4);

  add(joined: string): void {
    // 'binary' (latin1): the 16 digest bytes as 16 char codes, read without a Buffer per row.
    const h = hash('md5', joined, 'binary');
    const w = this.words;
    for (let i = 0; i < 4; i += 1) {
      const at = i * 4;
      w[i]! ^=
        (h.charCodeAt(at) << 24) |
        (h.charCodeAt(at + 1) << 16) |
        (h.charCodeAt(at + 2) << 8) |
        h.charCodeAt(at + 3);
    }
    this.count += 1;
  }

  /** The XOR as 128 binary digits, as postgresSetDigestSql returns it. */
  get xor(): string {
    return [...this.words].map((w) => (w >>> 0).toString(2).padStart(32, '0')).join('');
  }
}

/**
 * PostgreSQL: one row (count, xor) over `rowTexts` (SQL expressions, none NULL: coalesce
 * them) joined and hashed as SetDigest does, for the rows of `from` (a FROM clause with its
 * WHERE). PostgreSQL's md5() hashes the UTF-8 bytes, as Node's does. bit_xor: PG 14+.
 */
export function postgresSetDigestSql(rowTexts: readonly string[], from: string): string {
  // chr(31) is the separator. One bit(128) XOR: four 32-bit words cost three times as much.
  return `SELECT count(*)::text,
      coalesce(bit_xor(('x' || md5(concat_ws(chr(31), ${rowTexts.join(', ')})))::bit(128)), repeat('0', 128)::bit(128))::text
    FROM ${from}`;
}

/** Whether postgresSetDigestSql's one row is this digest. */
export function sameDigest(
  row: readonly (string | null)[] | undefined,
  digest: SetDigest,
): boolean {
  return row?.[0] === String(digest.count) && row?.[1] === digest.xor;
}

/** The rows of a PostgreSQL table (or query) as their canonical texts, for sameRowSet. */
export interface DigestQuery {
  db: Db;
  /** SQL expressions of a row's texts, in the order of Node's texts; none NULL (coalesce). */
  rowTexts: readonly string[];
  /** FROM clause with its WHERE. */
  from: string;
  params?: readonly unknown[];
}

/**
 * Whether the rows Node holds (each as its canonical texts) and the rows the query selects
 * are the same multiset, by their digests: the server digests its side while Node does.
 * `count` is the number of Node's rows. Never agrees when one of Node's texts holds the
 * separator: the caller then compares row by row.
 */
export async function sameRowSet(
  query: DigestQuery,
  rows: Iterable<readonly string[]>,
): Promise<{ agree: boolean; count: number }> {
  const inDatabase = query.db.query(
    postgresSetDigestSql(query.rowTexts, query.from),
    query.params ?? [],
  );
  // Awaited below; a row Node cannot render throws first and must not leave it unhandled.
  inDatabase.catch(() => undefined);
  const digest = new SetDigest();
  let joinable = true;
  for (const texts of rows) {
    const joined = joinForDigest(texts);
    if (joined === undefined) {
      joinable = false;
      break;
    }
    digest.add(joined);
  }
  const { rows: result } = await inDatabase;
  return { agree: joinable && sameDigest(result[0], digest), count: digest.count };
}
