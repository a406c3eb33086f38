import type { GeneratorOptions } from './core/generator-input.ts';
import type { TableGeneration } from './core/table-generation.ts';
import { generateProductCategories } from './mysql/categories.ts';
import { generateCustomers } from './mysql/customers.ts';
import { generateInventory } from './mysql/inventory.ts';
import {
  generatePurchaseOrderLines,
  generatePurchaseOrders,
  generateSalesOrderLines,
  generateSalesOrders,
} from './mysql/orders.ts';
import { generateProducts } from './mysql/products.ts';

/**
 * The legacy MySQL estate, in load order (parents before children): each entry's DDL in
 * fixtures/legacy and its generator.
 */
export interface LegacyTable {
  table: string;
  /** File name under fixtures/legacy/. */
  ddl: string;
  /** The legacy key, for sources and checksums in key order. */
  key: string;
  generate(options: GeneratorOptions): TableGeneration;
}

export const LEGACY_MYSQL_TABLES: readonly LegacyTable[] = [
  { table: 'customers', ddl: 'customers.sql', key: 'customer_id', generate: generateCustomers },
  {
    table: 'product_categories',
    ddl: 'product_categories.sql',
    key: 'category_id',
    generate: generateProductCategories,
  },
  { table: 'products', ddl: 'products.sql', key: 'product_id', generate: generateProducts },
  { table: 'inventory', ddl: 'inventory.sql', key: 'inventory_id', generate: generateInventory },
  {
    table: 'sales_orders',
    ddl: 'sales_orders.sql',
    key: 'order_id',
    generate: generateSalesOrders,
  },
  {
    table: 'sales_order_lines',
    ddl: 'sales_order_lines.sql',
    key: 'line_id',
    generate: generateSalesOrderLines,
  },
  {
    table: 'purchase_orders',
    ddl: 'purchase_orders.sql',
    key: 'order_id',
    generate: generatePurchaseOrders,
  },
  {
    table: 'purchase_order_lines',
    ddl: 'purchase_order_lines.sql',
    key: 'line_id',
    generate: generatePurchaseOrderLines,
  },
];
