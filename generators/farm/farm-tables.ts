import type { GeneratorOptions } from '../core/generator-input.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { generateCattle } from './cattle.ts';
import { generateBarns, generateBreeds } from './farm-reference-tables.ts';
import { generateHealthRecords } from './health-records.ts';
import { generateMilkProduction } from './milk-production.ts';

/** The farm app's SQLite tables in load order, with their legacy keys. */
export const FARM_TABLES: readonly {
  table: string;
  key: string;
  generate(options: GeneratorOptions): TableGeneration;
}[] = [
  { table: 'breeds', key: 'breed_id', generate: generateBreeds },
  { table: 'barns', key: 'barn_id', generate: generateBarns },
  { table: 'cattle', key: 'cattle_id', generate: generateCattle },
  { table: 'health_records', key: 'record_id', generate: generateHealthRecords },
  { table: 'milk_production', key: 'record_id', generate: generateMilkProduction },
];
