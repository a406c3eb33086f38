import { join } from 'node:path';
import type { Db } from '../core/dialect.ts';
import { TARGET_DDL_DIR } from './apply-target-schema.ts';
import { withChildAggregates } from './child-aggregates.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { LegacySource } from '../core/source.ts';
import { ROW_NUMBER_COLUMN, type LegacyRow, type SourceSpec } from '../rules/spec.ts';
import { csvSource, mysqlTableSource, sqliteTableSource, xlsxSource } from '../sources/index.ts';

/** Where an entity's records can come from: the legacy database and the estate's files. */
export interface SourceContext {
  /** The legacy MySQL/MariaDB database; only read. */
  legacy?: Db;
  /** Directory of the file estate (accounting/, farm/); see fixtures/legacy/README.md. */
  estateDir?: string;
}

/** What a reader of an entity's source needs of it. */
export interface OpenSourceOptions {
  /**
   * The columns it reads (CompiledSpec.readColumns for the rules): a database table is
   * read for only these and its key. A file is parsed whole, and a source with children
   * reads every column, whatever this says: its records may hold more.
   */
  columns?: readonly string[];
}

/**
 * Opens the source a spec names: MySQL table, SQLite table, CSV export or XLSX sheet; with
 * `children`, its records carry their children's aggregates as extra columns.
 */
export async function openEntitySource(
  source: SourceSpec,
  context: SourceContext,
  entity = source.table,
  options: OpenSourceOptions = {},
): Promise<LegacySource> {
  if (source.children === undefined) return openPlainSource(source, context, options.columns);
  const parent = await openPlainSource(source, context);
  const { children } = source;
  const parentKey =
    typeof children.parentKey === 'string' ? [children.parentKey] : children.parentKey;
  try {
    const child = await openPlainSource(
      {
        system: source.system,
        table: children.table,
        kind: children.kind,
        key: [...parentKey],
        ...(children.file === undefined ? {} : { file: children.file }),
        ...(children.sheet === undefined ? {} : { sheet: children.sheet }),
        ...(source.bundled === undefined ? {} : { bundled: source.bundled }),
      },
      context,
    );
    return withChildAggregates(parent, child, children, entity);
  } catch (error) {
    await parent.close().catch(() => undefined);
    throw error;
  }
}

async function openPlainSource(
  source: SourceSpec,
  context: SourceContext,
  columns?: readonly string[],
): Promise<LegacySource> {
  const kind = source.kind ?? 'mysql';
  const key = typeof source.key === 'string' ? [source.key] : [...source.key];
  const realKey = key.filter((k) => k !== ROW_NUMBER_COLUMN);
  if (kind === 'mysql') {
    if (context.legacy === undefined) throw missing(source, 'a legacy database connection');
    return mysqlTableSource(context.legacy, source.table, realKey, columns ? { columns } : {});
  }
  const dir = source.bundled ? TARGET_DDL_DIR : context.estateDir;
  if (dir === undefined || source.file === undefined)
    throw missing(source, 'the estate directory and the file');
  const path = join(dir, source.file);
  if (kind === 'sqlite')
    return sqliteTableSource(path, source.table, realKey, columns ? { columns } : {});
  if (kind === 'csv') return csvSource(path, { key: realKey, ...headerOf(source) });
  return xlsxSource(path, source.sheet ?? source.table, { key: realKey, ...headerOf(source) });
}

// A sheet without a key (the register) is found by its first header cell instead.
function headerOf(source: SourceSpec): { headerIncludes?: string[]; totalsLabel?: null } {
  const key = typeof source.key === 'string' ? [source.key] : source.key;
  if (key.some((k) => k !== ROW_NUMBER_COLUMN)) return {};
  return { headerIncludes: [...(source.headerIncludes ?? [])], totalsLabel: null };
}

/**
 * Records as rules read them, each with its row number under '#row', a source's batch at a
 * time: the loader, its deferred links and the rules oracle read every record and wait
 * once per batch.
 */
export async function* legacyRowBatches(source: LegacySource): AsyncIterable<LegacyRow[]> {
  for await (const batch of source.batches()) {
    const rows: LegacyRow[] = new Array<LegacyRow>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const { record, row } = batch[i]!;
      // Every source yields a fresh record per row (LegacySource.rows): it takes the row
      // number itself instead of being copied, one object less per legacy record.
      record[ROW_NUMBER_COLUMN] = String(row);
      rows[i] = record;
    }
    yield rows;
  }
}

function missing(source: SourceSpec, what: string): CutoverError {
  return new CutoverError(
    ErrorCodes.CONFIG_INVALID,
    `reading ${source.system}.${source.table} needs ${what}`,
    { details: { source: `${source.system}.${source.table}` } },
  );
}
