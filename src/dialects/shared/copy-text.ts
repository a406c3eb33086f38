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
  let buffer = '';
  // Appends one row's line; true when the buffer is worth a write.
  const add = (row: RawRow): boolean => {
    if (row.length !== width)
      throw new RangeError(`row ${state.count + 1} has ${row.length} values, expected ${width}`);
    let line = width === 0 ? '' : escapeField(row[0] ?? null);
    for (let i = 1; i < width; i++) line += '\t' + escapeField(row[i] ?? null);
    buffer += line + '\n';
    state.count++;
    return buffer.length >= chunkChars;
  };
  const take = (): string => {
    const chunk = buffer;
    buffer = '';
    return chunk;
  };
  async function* generate(): AsyncGenerator<string> {
    // Rows already in memory are read without an await each (for await over an array
    // waits a microtask per element): a chunk of the loader or a check's expectations.
    if (Symbol.iterator in rows) {
      for (const row of rows) if (add(row)) yield take();
    } else {
      for await (const row of rows) if (add(row)) yield take();
    }
    if (buffer !== '') yield take();
  }
  return state;
}
