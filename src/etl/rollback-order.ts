/** A migrated table and the column naming the batch that wrote each row. */
export interface RollbackTable {
  table: string;
  /** Defaults to x_migration_batch. */
  batchColumn?: string;
}

/**
 * Reverse dependency order, children first (seed 001 Day 706 ROLLBACK_ORDER, seed 000 §9.2:
 * move lines before moves, partners last). Every table of fixtures/target; tables a
 * deployment does not have are skipped.
 */
export const ROLLBACK_ORDER: readonly RollbackTable[] = [
  { table: 'accounting.move_line' },
  { table: 'accounting.move' },
  { table: 'accounting.opening_balance' },
  { table: 'inventory.stock_move' },
  { table: 'inventory.quant' },
  { table: 'sales.order_line' },
  { table: 'sales.order' },
  { table: 'purchase.order_line' },
  { table: 'purchase.order' },
  { table: 'farm.milk_production' },
  { table: 'farm.health_record' },
  { table: 'farm.animal' },
  { table: 'farm.barn' },
  { table: 'farm.breed' },
  { table: 'product.template' },
  { table: 'product.category' },
  { table: 'product.uom' },
  { table: 'accounting.payment_term' },
  { table: 'accounting.tax' },
  { table: 'accounting.account' },
  { table: 'core.res_partner' },
];

/**
 * Where a batch accounts for each legacy record: migrated (id_map), quarantined or out of
 * scope. Partitioned by batch (etl/bookkeeping-partitions.ts).
 */
export const RECORD_BOOKKEEPING = [
  'migration.id_map',
  'migration.quarantine',
  'migration.out_of_scope',
] as const;

/** Bookkeeping rows of a batch, removed after the data they describe. */
export const BOOKKEEPING_TABLES = [...RECORD_BOOKKEEPING, 'migration.undo_log'] as const;
