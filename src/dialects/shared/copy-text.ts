import type { RawRow } from '../../core/dialect.ts';

/**
 * The tab-separated text both LOAD DATA (ESCAPED BY '\\') and COPY (text format) read:
 * backslash, tab, newline and carriage return escaped; NULL as \N.
 */
export function escapeField(value: string | null): string {
  if (value === null) return '\\N';
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export interface EncodedRows {
  /** Rows seen so far; final once the chunks are consumed. */
  count: number;
  chunks: AsyncGenerator<string>;
}

/** Lines grouped into chunks of about `chunkChars`: one write per row is too slow. */
export function encodeRows(
  rows: AsyncIterable<RawRow> | Iterable<RawRow>,
  width: number,
  chunkChars = 64 * 1024,
): EncodedRows {
  const state: EncodedRows = { count: 0, chunks: generate() };
  async function* generate(): AsyncGenerator<string> {
    let buffer = '';
    for await (const row of rows) {
      if (row.length !== width)
        throw new RangeError(`row ${state.count + 1} has ${row.length} values, expected ${width}`);
      buffer += row.map(escapeField).join('\t') + '\n';
      state.count++;
      if (buffer.length >= chunkChars) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer !== '') yield buffer;
  }
  return state;
}
