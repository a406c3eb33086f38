import { createHash } from 'node:crypto';
import type { RawRow } from '../../src/core/dialect.ts';

/**
 * How the manifest checksums a table: sha256 over the rows in generation (key) order, each
 * row in LOAD DATA's default text form (tab-separated, '\N' for NULL, backslash escapes for
 * tab, newline, carriage return and backslash, a newline after each row).
 */
export const ROWS_CHECKSUM_ALGORITHM =
  'sha256 of rows in key order, LOAD DATA text format (TSV, \\N = NULL)';

export function serializeRow(row: RawRow): string {
  return row.map(serializeValue).join('\t') + '\n';
}

const ESCAPED = /[\\\t\n\r]/;

function serializeValue(value: string | null): string {
  if (value === null) return '\\N';
  // Most values need no escape: testing first skips replace()'s callback machinery.
  if (!ESCAPED.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export interface RowsDigest {
  readonly rows: number;
  update(row: RawRow): void;
  /** 'sha256:<hex>'; call once, after the last row. */
  checksum(): string;
}

export function createRowsDigest(): RowsDigest {
  const hash = createHash('sha256');
  let rows = 0;
  // Rows are hashed in batches of ~64 KB: one native call per row costs more than the hashing.
  let pending = '';
  return {
    get rows() {
      return rows;
    },
    update(row) {
      pending += serializeRow(row);
      rows++;
      if (pending.length >= 65_536) {
        hash.update(pending, 'utf8');
        pending = '';
      }
    },
    checksum: () => {
      hash.update(pending, 'utf8');
      pending = '';
      return `sha256:${hash.digest('hex')}`;
    },
  };
}

/** Passes rows through unchanged while digesting them, so a bulk load and the manifest see one pass. */
export function* tapRows(rows: Iterable<RawRow>, digest: RowsDigest): Generator<RawRow> {
  for (const row of rows) {
    digest.update(row);
    yield row;
  }
}
