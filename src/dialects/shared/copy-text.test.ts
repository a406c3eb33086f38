import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../core/dialect.ts';
import { encodeRows } from './copy-text.ts';

async function encode(
  rows: Iterable<RawRow> | AsyncIterable<RawRow>,
  width: number,
  chunkChars?: number,
): Promise<{ chunks: string[]; count: number }> {
  const encoded = encodeRows(rows, width, chunkChars);
  const chunks: string[] = [];
  for await (const chunk of encoded.chunks) chunks.push(chunk);
  return { chunks, count: encoded.count };
}

async function* slowly(rows: RawRow[]): AsyncGenerator<RawRow> {
  for (const row of rows) yield row;
}

const ROWS: RawRow[] = [
  ['1', 'plain', null],
  ['2', 'tab\there, new\nline, cr\r, back\\slash', ''],
  ['3', 'বাংলা', '\\N'],
];

describe('encodeRows', () => {
  it('writes COPY text lines: escapes, NULL as \\N, an empty string kept empty', async () => {
    const { chunks, count } = await encode(ROWS, 3);
    expect(count).toBe(3);
    expect(chunks.join('')).toBe(
      '1\tplain\t\\N\n' +
        '2\ttab\\there, new\\nline, cr\\r, back\\\\slash\t\n' +
        '3\tবাংলা\t\\\\N\n',
    );
  });

  it('gives the same chunks for rows in memory and rows that stream, cut at the chunk size', async () => {
    const many = Array.from({ length: 500 }, (_v, i): RawRow => [String(i), `v${i}`, null]);
    const fromArray = await encode(many, 3, 100);
    const fromStream = await encode(slowly(many), 3, 100);
    expect(fromArray).toEqual(fromStream);
    expect(fromArray.chunks.length).toBeGreaterThan(10);
    expect(fromArray.chunks.slice(0, -1).every((c) => c.length >= 100)).toBe(true);
    expect(fromArray.chunks.join('').split('\n')).toHaveLength(501);
  });

  it('refuses a row of another width, naming it', async () => {
    await expect(encode([['1', 'a', null], ['2']], 3)).rejects.toThrow(
      'row 2 has 1 values, expected 3',
    );
  });
});
