import type { GeneratorOptions } from './core/generator-input.ts';
import type { TableGeneration } from './core/table-generation.ts';
import { generateCustomers } from './mysql/customers.ts';

/**
 * The legacy MySQL estate, in load order (parents before children): each entry's DDL in
 * fixtures/legacy and its generator. Issue #3 appends products, orders and the rest here.
 */
export interface LegacyTable {
  table: string;
  /** File name under fixtures/legacy/. */
  ddl: string;
  generate(options: GeneratorOptions): TableGeneration;
}

export const LEGACY_MYSQL_TABLES: readonly LegacyTable[] = [
  { table: 'customers', ddl: 'customers.sql', generate: generateCustomers },
];
