import type { EntitySpec } from '../../rules/spec.ts';

/** product_categories -> product.category (001 Day 707 _migrate_categories: a tree). */
export const productCategoriesSpec: EntitySpec = {
  entity: 'product_categories',
  wave: 'wave-1-reference',
  seedRef: '000 §2.2 wave 1; 001 Day 707 ProductMigration._migrate_categories',
  source: { system: 'legacy_mysql', table: 'product_categories', key: 'category_id' },
  target: { table: 'product.category', legacyKey: 'x_legacy_id' },
  fields: [
    {
      target: 'name',
      source: 'category_name',
      transforms: 'fix_mojibake|trim|collapse_spaces',
      required: true,
      kind: 'text',
    },
    // The tree is linked in the second pass: a child may precede its parent. A parent id
    // that no category has is an orphan (ORPH01, as the generator's manifest counts it).
    {
      target: 'parent_id',
      source: 'parent_category_id',
      lookup: { entity: 'product_categories', deferred: true, onMissing: 'quarantine' },
      kind: 'integer',
      checksum: false,
    },
    { target: 'x_legacy_parent_id', source: 'parent_category_id', kind: 'text' },
    { target: 'active', source: 'is_active', transforms: 'default:1|bool', kind: 'boolean' },
  ],
};

/** products -> product.template (000 §3.2.2; 001 Day 706 "Product Mapping", Day 707). */
export const productsSpec: EntitySpec = {
  entity: 'products',
  wave: 'wave-2-master-data',
  seedRef: '000 §3.2.2; 001 Day 706-707',
  source: { system: 'legacy_mysql', table: 'products', key: 'product_id' },
  target: { table: 'product.template', legacyKey: 'x_legacy_id' },
  scope: [
    {
      name: 'inactive-product',
      description: '001 Day 707 extracts WHERE p.active = true.',
      column: 'is_active',
      outOfScopeWhen: ['0'],
    },
  ],
  fields: [
    {
      target: 'name',
      source: 'product_name',
      transforms: 'fix_mojibake|trim|collapse_spaces',
      required: true,
      kind: 'text',
    },
    // 001 Day 706: sku -> default_code, uppercase.
    {
      target: 'default_code',
      source: 'sku',
      transforms: 'trim|upper',
      required: true,
      kind: 'text',
    },
    { target: 'barcode', source: 'barcode', transforms: 'trim', kind: 'text' },
    { target: 'description', source: 'description', kind: 'text' },
    {
      target: 'categ_id',
      source: 'category_id',
      lookup: { entity: 'product_categories' },
      required: true,
      kind: 'integer',
      checksum: false,
    },
    // 001 Day 707 _map_uom: Liter -> L, KG -> kg, Gram -> g, Pack/Bottle/Unit -> Units.
    {
      target: 'uom_id',
      source: 'unit',
      transforms: 'trim|map:Liter=L,KG=KG,Gram=G,Pack=UNIT,Bottle=UNIT,Unit=UNIT|default:UNIT',
      lookup: { entity: 'uom' },
      required: true,
      kind: 'integer',
      checksum: false,
    },
    {
      target: 'list_price',
      source: 'unit_price',
      transforms: 'default:0|decimal:2|min:0',
      kind: 'decimal2',
    },
    {
      target: 'standard_price',
      source: 'cost_price',
      transforms: 'default:0|decimal:2|min:0',
      kind: 'decimal2',
    },
    {
      target: 'x_is_dairy_product',
      source: 'is_dairy_product',
      transforms: 'bool',
      kind: 'boolean',
    },
    { target: 'x_shelf_life_days', source: 'shelf_life_days', kind: 'integer' },
    { target: 'active', source: 'is_active', transforms: 'bool', kind: 'boolean' },
    {
      target: 'created_at',
      source: 'created_date',
      transforms: 'dhaka_to_utc',
      onInvalid: 'null',
      kind: 'timestamp-utc',
    },
  ],
  dedupe: { keys: ['default_code'], strategy: 'skip' },
};

/** inventory -> inventory.quant: stock on hand per product (001 Day 706 quantity -> stock.quant). */
export const stockOnHandSpec: EntitySpec = {
  entity: 'stock_on_hand',
  wave: 'wave-2-master-data',
  seedRef: '001 Day 706 "Product Mapping" quantity; Day 707 PRODUCT_QUERY join',
  source: { system: 'legacy_mysql', table: 'inventory', key: 'inventory_id' },
  target: { table: 'inventory.quant', legacyKey: 'x_legacy_id' },
  fields: [
    {
      target: 'product_id',
      source: 'product_id',
      lookup: { entity: 'products' },
      required: true,
      kind: 'integer',
      checksum: false,
    },
    { target: 'location', source: 'warehouse_code', transforms: 'trim|default:WH', kind: 'text' },
    {
      target: 'quantity',
      source: 'quantity',
      transforms: 'default:0|decimal:3|min:0',
      kind: 'decimal3',
    },
  ],
};
