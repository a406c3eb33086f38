export { csvSource } from './csv-source.ts';
export type { CsvSourceOptions } from './csv-source.ts';
export { xlsxSource } from './xlsx-source.ts';
export type { XlsxSourceOptions } from './xlsx-source.ts';
export { mysqlTableSource } from './mysql-table-source.ts';
export type { MysqlTableSourceOptions } from './mysql-table-source.ts';
export { sqliteTableSource } from './sqlite-table-source.ts';
export type { SqliteTableSourceOptions } from './sqlite-table-source.ts';
export type { TabularOptions } from './tabular-source.ts';
