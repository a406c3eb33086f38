import { sourceError } from '../core/source.ts';
import { recordsOf, rowsOf } from './batches.ts';
import type {
  LegacySource,
  LocatedRecord,
  SourceKind,
  SourceRecord,
  SourceValue,
} from '../core/source.ts';

/** One physical row of a file: its cells as text (null = no value) and its 1-based number. */
export interface FileRow {
  cells: SourceValue[];
  row: number;
}

export interface TabularOptions {
  /** Key columns; they also identify the header row unless `headerIncludes` is given. */
  key: readonly string[];
  /** Header cells that identify the header row after the export's preamble lines. */
  headerIncludes?: readonly string[];
  /**
   * First-cell text (trimmed, any case) of the export's totals row; null when the file has
   * none. Default 'Total'.
   */
  totalsLabel?: string | null;
  /** Rows searched for the header before giving up. Default 20. */
  headerSearchRows?: number;
}

interface Layout {
  columns: string[];
  headerRow: number;
}

/**
 * What CSV and XLSX exports share: a preamble, a header row, data rows, a totals row. The
 * totals row ends the data and is kept apart as the footer, so an export's own total can be
 * compared with its records instead of being loaded as one.
 */
export class TabularSource implements LegacySource {
  private footerRecord: SourceRecord | null | undefined;

  private constructor(
    readonly kind: SourceKind,
    readonly name: string,
    private readonly readRows: () => AsyncIterable<FileRow[]>,
    private readonly layout: Layout,
    readonly key: readonly string[],
    private readonly totalsLabel: string | null,
  ) {}

  static async open(
    kind: SourceKind,
    name: string,
    /** The file's rows, a read's worth at a time (never an empty batch). */
    readRows: () => AsyncIterable<FileRow[]>,
    options: TabularOptions,
  ): Promise<TabularSource> {
    const layout = await findHeader(name, readRows(), options);
    for (const column of options.key) {
      if (!layout.columns.includes(column)) {
        throw sourceError(name, `key column '${column}' is not in the header`, layout.headerRow);
      }
    }
    const totals = options.totalsLabel === undefined ? 'Total' : options.totalsLabel;
    return new TabularSource(kind, name, readRows, layout, options.key, totals);
  }

  get columns(): readonly string[] {
    return this.layout.columns;
  }

  location(row: number): string {
    return `${this.name} row ${row}`;
  }

  async count(): Promise<number> {
    let n = 0;
    for await (const batch of this.batches()) n += batch.length;
    return n;
  }

  stream(): AsyncGenerator<SourceRecord> {
    return recordsOf(this.batches());
  }

  rows(): AsyncGenerator<LocatedRecord> {
    return rowsOf(this.batches());
  }

  async *batches(): AsyncGenerator<LocatedRecord[]> {
    const { columns, headerRow } = this.layout;
    let footer: SourceRecord | null = null;
    let footerRow = 0;
    for await (const fileRows of this.readRows()) {
      const batch: LocatedRecord[] = [];
      try {
        for (const { cells, row } of fileRows) {
          if (row <= headerRow || isBlank(cells)) continue;
          if (footer !== null) {
            throw sourceError(this.name, `data after the totals row (row ${footerRow})`, row);
          }
          if (this.isTotals(cells)) {
            // Exports often end the totals row early: it is padded rather than rejected.
            footer = this.toRecord(cells, row, columns, true);
            footerRow = row;
            continue;
          }
          batch.push({ record: this.toRecord(cells, row, columns), row });
        }
      } catch (error) {
        // A bad row fails where it is read, after the records before it.
        if (batch.length > 0) yield batch;
        throw error;
      }
      if (batch.length > 0) yield batch;
    }
    this.footerRecord = footer;
  }

  async footer(): Promise<SourceRecord | null> {
    if (this.footerRecord === undefined) await this.count();
    return this.footerRecord ?? null;
  }

  async close(): Promise<void> {
    // Nothing stays open between passes: each pass opens and closes its own file stream.
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private isTotals(cells: SourceValue[]): boolean {
    if (this.totalsLabel === null) return false;
    const first = cells[0];
    return (
      typeof first === 'string' && first.trim().toLowerCase() === this.totalsLabel.toLowerCase()
    );
  }

  private toRecord(
    cells: SourceValue[],
    row: number,
    columns: string[],
    padded = false,
  ): SourceRecord {
    if (cells.length > columns.length && !isBlank(cells.slice(columns.length))) {
      throw sourceError(
        this.name,
        `${cells.length} cells where the header has ${columns.length} columns`,
        row,
      );
    }
    if (this.kind === 'csv' && !padded && cells.length < columns.length) {
      throw sourceError(
        this.name,
        `${cells.length} fields where the header has ${columns.length} columns`,
        row,
      );
    }
    const record: SourceRecord = {};
    for (let i = 0; i < columns.length; i++) record[columns[i]!] = cells[i] ?? null;
    return record;
  }
}

function isBlank(cells: readonly SourceValue[]): boolean {
  return cells.every((c) => c === null || c.trim() === '');
}

async function findHeader(
  name: string,
  batches: AsyncIterable<FileRow[]>,
  options: TabularOptions,
): Promise<Layout> {
  const signature = options.headerIncludes ?? options.key;
  const limit = options.headerSearchRows ?? 20;
  for await (const rows of batches) {
    for (const { cells, row } of rows) {
      if (row > limit) return noHeader(name, signature, limit);
      if (isBlank(cells)) continue;
      const texts = cells.map((c) => (c ?? '').trim());
      if (!signature.every((s) => texts.includes(s))) continue;
      while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
      const empty = texts.indexOf('');
      if (empty >= 0) throw sourceError(name, `header cell ${empty + 1} is empty`, row);
      const duplicate = texts.find((t, i) => texts.indexOf(t) !== i);
      if (duplicate !== undefined) {
        throw sourceError(name, `header column '${duplicate}' appears twice`, row);
      }
      return { columns: texts, headerRow: row };
    }
  }
  return noHeader(name, signature, limit);
}

function noHeader(name: string, signature: readonly string[], limit: number): never {
  const wanted = signature.length > 0 ? ` with ${signature.join(', ')}` : '';
  throw sourceError(name, `no header row${wanted} in the first ${limit} rows`);
}
