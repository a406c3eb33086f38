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

function serializeValue(value: string | null): string {
  if (value === null) return '\\N';
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
  return {
    get rows() {
      return rows;
    },
    update(row) {
      hash.update(serializeRow(row), 'utf8');
      rows++;
    },
    checksum: () => `sha256:${hash.digest('hex')}`,
  };
}

/** Passes rows through unchanged while digesting them, so a bulk load and the manifest see one pass. */
export function* tapRows(rows: Iterable<RawRow>, digest: RowsDigest): Generator<RawRow> {
  for (const row of rows) {
    digest.update(row);
    yield row;
  }
}
