import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { postgresDialect } from '../dialects/index.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { int64Text, xorTextHash } from './pg-text-hash.ts';
import { joinForDigest, postgresSetDigestSql, sameDigest, SetDigest } from './set-digest.ts';

// The fast path of the checksum and accounted-for checks rests on Node and PostgreSQL
// digesting the same rows alike: proven here on a real server, byte for byte.

let scratch: ScratchDatabases;
let pg: Db;

const ROWS: string[][] = [
  ['1', 'Rahim Uddin', '1500.50'],
  ['2', 'রহিম উদ্দিন', '0.00'],
  ['3', 'emoji 😀 and a tab\t', '\\N'],
  ['4', '', '-0.01'],
];

beforeAll(async () => {
  scratch = await scratchDatabases('set-digest');
  pg = await postgresDialect.connect(scratch.targetUrl);
  await pg.exec('CREATE TABLE r (k text, name text, amount text)');
  await pg.bulkLoad('r', ['k', 'name', 'amount'], ROWS);
});
afterAll(async () => {
  await pg?.close();
  await scratch?.dispose();
});

async function inDatabase(where = 'TRUE'): Promise<readonly (string | null)[] | undefined> {
  const { rows } = await pg.query(
    postgresSetDigestSql(['k', 'name', 'amount'], `r WHERE ${where}`),
  );
  return rows[0];
}

function inNode(rows: readonly (readonly string[])[]): SetDigest {
  const digest = new SetDigest();
  for (const row of rows) digest.add(joinForDigest(row) ?? '');
  return digest;
}

describe('xorTextHash', () => {
  it("is PostgreSQL's hashtextextended(text, 0), for every length of the last block", async () => {
    // 0-40 bytes covers every tail case (0-11 left over) after zero to three full blocks;
    // Bengali and an emoji put 3- and 4-byte characters across block boundaries.
    const texts = Array.from({ length: 41 }, (_v, n) =>
      'abcdefghijklmnopqrstuvwxyz0123456789ABCDE'.slice(0, n),
    );
    texts.push('রহিম উদ্দিন', 'x😀'.repeat(7), '\u00ff\u0080\u001f', 'a'.repeat(5000));
    const { rows } = await pg.query(
      'SELECT hashtextextended(t, 0)::text FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n',
      [texts],
    );
    const inNode = texts.map((text) => {
      const words = new Int32Array(2);
      xorTextHash(text, words);
      return int64Text(words);
    });
    expect(inNode).toEqual(rows.map((r) => r[0]));
    expect(new Set(inNode).size).toBe(texts.length);
  });
});

describe('SetDigest and postgresSetDigestSql', () => {
  it('agree on the same rows, Bengali, emoji and empty text included, in any order', async () => {
    const row = await inDatabase();
    expect(sameDigest(row, inNode(ROWS))).toBe(true);
    expect(sameDigest(row, inNode([...ROWS].reverse()))).toBe(true);
    expect(row?.[0]).toBe('4');
  });

  it('agree on the empty set', async () => {
    expect(sameDigest(await inDatabase('FALSE'), new SetDigest())).toBe(true);
  });

  it('differ on a row missing, changed by one character, or held twice', async () => {
    const row = await inDatabase();
    expect(sameDigest(row, inNode(ROWS.slice(1)))).toBe(false);
    const changed = ROWS.map((r) => [...r]);
    changed[1]![1] = 'রহিম উদ্দীন';
    expect(sameDigest(row, inNode(changed))).toBe(false);
    // Same count, one row twice and one gone: only the XOR can tell.
    const twice = [0, 0, 2, 3].map((i) => ROWS[i]!);
    expect(sameDigest(row, inNode(twice))).toBe(false);
  });

  it('refuses to join texts holding the separator: such rows are compared field by field', () => {
    expect(joinForDigest(['a\u001fb', 'c'])).toBeUndefined();
    expect(joinForDigest(['a', 'b|c'])).toBe('a\u001fb|c');
  });
});
