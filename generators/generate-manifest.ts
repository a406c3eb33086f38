import { parseGeneratorInput } from './core/generator-input.ts';
import type { GeneratorOptions } from './core/generator-input.ts';
import { writeManifest } from './core/manifest.ts';
import { estateManifest } from './write-estate.ts';
import type { GeneratedTable, Manifest } from './core/manifest.ts';
import { createRowsDigest } from './core/row-digest.ts';
import { LEGACY_MYSQL_TABLES } from './legacy-tables.ts';

/** The ground truth without a database: generates every table once to checksum it. */
export function generateManifest(options: GeneratorOptions): Manifest {
  const input = parseGeneratorInput(options);
  const tables: GeneratedTable[] = LEGACY_MYSQL_TABLES.map((table) => {
    const generation = table.generate(input);
    const digest = createRowsDigest();
    for (const row of generation.rows()) digest.update(row);
    return { generation, summary: { rows: digest.rows, checksum: digest.checksum() } };
  });
  return estateManifest(input, tables, undefined);
}

/** Validates before writing anything; the file appears whole or not at all. */
export async function writeGeneratedManifest(
  path: string,
  options: GeneratorOptions,
): Promise<Manifest> {
  const manifest = generateManifest(options);
  await writeManifest(path, manifest);
  return manifest;
}
