export * from './check-meta.ts';
export * from './duplicates.ts';
export * from './formats.ts';
export * from './record-checksum.ts';
export * from './required-fields.ts';
export * from './rollback-rehearsal.ts';
export * from './row-count.ts';
export * from './table-snapshot.ts';
