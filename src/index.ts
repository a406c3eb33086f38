/**
 * The public API: what acceptance suites and other teams' code import as 'cutover'.
 * The suite DSL lives at 'cutover/vitest'.
 */
export * from './core/index.ts';
export * from './checks/index.ts';
export * from './rules/index.ts';
export * from './etl/index.ts';
export * from './loaders/index.ts';
