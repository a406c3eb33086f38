export * from './apply-target-schema.ts';
export * from './load-result.ts';
export * from './rollback-batches.ts';
export * from './rollback-order.ts';
export {
  DEFAULT_BATCH_SIZE,
  legacyColumns,
  runEntityLoad,
  type RunEntityLoadOptions,
} from './run-entity-load.ts';
