import { readFile } from 'node:fs/promises';
import type { Db } from '../src/core/dialect.ts';
import { CutoverError, ErrorCodes } from '../src/core/errors.ts';
import { parseGeneratorInput } from './core/generator-input.ts';
import type { GeneratorInput, GeneratorOptions } from './core/generator-input.ts';
import type { GeneratedTable, Manifest } from './core/manifest.ts';
import { createRowsDigest, tapRows } from './core/row-digest.ts';
import { LEGACY_MYSQL_TABLES } from './legacy-tables.ts';
import type { LegacyTable } from './legacy-tables.ts';
import { checkEstateDir, estateManifest, writeEstate } from './write-estate.ts';
import type { EstatePaths } from './write-estate.ts';

export interface SeedLegacyOptions extends GeneratorOptions {
  /**
   * Also write the file-based sources (accounting exports, farm SQLite, farm register) and
   * manifest.json here; must not exist yet or be empty. Without it only MySQL is seeded.
   */
  estateDir?: string;
}

export interface SeedLegacyResult {
  manifest: Manifest;
  /** MySQL table -> rows loaded. */
  rowsPerTable: Record<string, number>;
  /** 'source.table' -> rows written to a file, when an estate directory was given. */
  rowsPerFileTable: Record<string, number>;
  /** Milliseconds per source ('legacy_mysql', 'accounting_export', 'farm_register', 'farm_app'). */
  millisPerSource: Record<string, number>;
  paths?: EstatePaths;
  durationMs: number;
}

const FIXTURES = new URL('../fixtures/legacy/', import.meta.url);
/** Marks the part of a DDL file (secondary indexes) that runs once the rows are loaded. */
const AFTER_LOAD = '-- @after-load';

/** Strict, but zero dates allowed: the session mode the legacy tables are seeded under. */
export const LEGACY_SQL_MODE =
  "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

/**
 * Creates the legacy tables in an empty MySQL/MariaDB database and bulk-loads generated
 * rows; with `estateDir`, also writes the file-based sources there. The manifest's
 * checksums are taken from the very rows streamed to the server and the files.
 */
export async function seedLegacy(db: Db, options: SeedLegacyOptions): Promise<SeedLegacyResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const input = parseGeneratorInput(options);
  if (options.estateDir !== undefined) await checkEstateDir(options.estateDir);
  await assertEmpty(db);
  // The legacy site ran without NO_ZERO_DATE (MySQL 5.x era): zero dates must load as they are.
  await db.exec(LEGACY_SQL_MODE);
  const rowsPerTable: Record<string, number> = {};
  const millisPerSource: Record<string, number> = {};
  const seedMysql = async (): Promise<GeneratedTable[]> => {
    const mysqlStarted = performance.now();
    const generated: GeneratedTable[] = [];
    for (const table of LEGACY_MYSQL_TABLES) {
      const result = await seedTable(db, table, input);
      generated.push(result);
      rowsPerTable[table.table] = result.summary.rows;
    }
    millisPerSource['legacy_mysql'] = Math.round(performance.now() - mysqlStarted);
    return generated;
  };
  if (options.estateDir === undefined) {
    const manifest = estateManifest(input, await seedMysql(), undefined);
    return { manifest, rowsPerTable, rowsPerFileTable: {}, millisPerSource, durationMs: elapsed() };
  }
  const estate = await writeEstate(options.estateDir, input, seedMysql);
  Object.assign(millisPerSource, estate.millis);
  return {
    manifest: estate.manifest,
    rowsPerTable,
    rowsPerFileTable: estate.rows,
    millisPerSource,
    paths: estate.paths,
    durationMs: elapsed(),
  };
}

async function seedTable(
  db: Db,
  table: LegacyTable,
  input: GeneratorInput,
): Promise<GeneratedTable> {
  const [create, afterLoad] = (await readFile(new URL(table.ddl, FIXTURES), 'utf8')).split(
    AFTER_LOAD,
  );
  await db.exec(create!);
  const generation = table.generate(input);
  const digest = createRowsDigest();
  const loaded = await db.bulkLoad(
    generation.table,
    generation.columns,
    tapRows(generation.rows(), digest),
  );
  if (loaded !== digest.rows || loaded !== generation.rowCount) {
    throw new CutoverError(
      ErrorCodes.LOAD_FAILED,
      `seeding ${table.table}: generated ${digest.rows} rows but the server stored ${loaded}`,
      {
        details: { table: table.table },
      },
    );
  }
  if (afterLoad !== undefined && afterLoad.trim() !== '') await db.exec(afterLoad);
  return { generation, summary: { rows: loaded, checksum: digest.checksum() } };
}

/** Seeding is for databases the harness just created: anything already there means a wrong URL. */
async function assertEmpty(db: Db): Promise<void> {
  if (db.readOnly) {
    throw new CutoverError(
      ErrorCodes.LEGACY_WRITE_REFUSED,
      `refusing to seed ${db.database}: the connection is read-only`,
      {
        details: { database: db.database },
      },
    );
  }
  const result = await db.query(
    'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()',
  );
  const tables = Number(result.rows[0]?.[0] ?? '0');
  if (tables > 0) {
    throw new CutoverError(
      ErrorCodes.LEGACY_WRITE_REFUSED,
      `refusing to seed ${db.database}: it already holds ${tables} table(s); seed only an empty database the harness created`,
      { details: { database: db.database, tables } },
    );
  }
}
