import type { Db } from '../core/dialect.ts';
import { int64Text, xorTextHash } from './pg-text-hash.ts';

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
 * A multiset of rows as a count and the XOR of each row's 64-bit hash (PostgreSQL's
 * hashtextextended, pg-text-hash.ts): equal sets give equal digests whatever their order.
 * When one side holds no row twice (Node's rows here: each carries a legacy key), a row
 * missing, changed or held twice on the other side changes the digest, short of a 1 in
 * 2^64 chance (or a set crafted to collide: this tells migrated data apart, it does not
 * resist an adversary). XOR alone only sees whether a row is held an odd or even number of
 * times, so {A, A} and {B, B} agree: both sides holding duplicates is outside that promise.
 * The fast path of checks whose clean case is "these two sets are equal": when the digests
 * agree the check passes without any row crossing between Node and the database; when they
 * differ the check compares row by row to name each difference. Matches
 * postgresSetDigestSql over the same texts.
 */
export class SetDigest {
  count = 0;
  private readonly words = new Int32Array(2);

  add(joined: string): void {
    xorTextHash(joined, this.words);
    this.count += 1;
  }

  /** The XOR as the signed 64-bit integer postgresSetDigestSql returns. */
  get xor(): string {
    return int64Text(this.words);
  }
}

/**
 * PostgreSQL: one row (count, xor) over `rowTexts` (SQL expressions, none NULL: coalesce
 * them) joined and hashed as SetDigest does, for the rows of `from` (a FROM clause with its
 * WHERE). hashtextextended hashes the UTF-8 bytes of the joined text; bit_xor: PG 14+.
 */
export function postgresSetDigestSql(rowTexts: readonly string[], from: string): string {
  // chr(31) is the separator. md5() instead cost twice the server's time per row.
  return `SELECT count(*)::text,
      coalesce(bit_xor(hashtextextended(concat_ws(chr(31), ${rowTexts.join(', ')}), 0)), 0)::text
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
