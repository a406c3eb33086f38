import { readFile } from 'node:fs/promises';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { GeneratedTable } from '../core/manifest.ts';
import { createRowsDigest } from '../core/row-digest.ts';
import { FARM_TABLES } from './farm-tables.ts';

const DDL = new URL('../../fixtures/legacy/farm-app.sqlite.sql', import.meta.url);

/**
 * Writes the farm app's SQLite file: the app's DDL, then each table in one transaction
 * through a prepared statement, rows streamed from the generator. Values are bound as
 * text and SQLite's column affinity stores them as INTEGER, REAL or TEXT, as the app did.
 * No journal: the file is written in a temporary directory and only moved when complete.
 */
export async function writeFarmSqlite(
  path: string,
  options: GeneratorOptions,
): Promise<GeneratedTable[]> {
  const { default: Database } = await import('better-sqlite3');
  const ddl = await readFile(DDL, 'utf8');
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(ddl);
    const generated: GeneratedTable[] = [];
    for (const entry of FARM_TABLES) {
      const generation = entry.generate(options);
      const placeholders = generation.columns.map(() => '?').join(', ');
      const insert = db.prepare(
        `INSERT INTO ${entry.table} (${generation.columns.join(', ')}) VALUES (${placeholders})`,
      );
      const digest = createRowsDigest();
      db.transaction(() => {
        for (const row of generation.rows()) {
          digest.update(row);
          insert.run(row);
        }
      })();
      generated.push({ generation, summary: { rows: digest.rows, checksum: digest.checksum() } });
    }
    return generated;
  } finally {
    db.close();
  }
}
