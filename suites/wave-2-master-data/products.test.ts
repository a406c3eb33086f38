/**
 * Wave 2, master data: legacy products (MySQL `products`) -> product.template and stock on
 * hand (`inventory`) -> inventory.quant. Rules: 000 §3.2.2; 001 Day 707. Criteria: 001 §1.5.
 */
import { describe } from 'vitest';
import { duplicates, orphans, productsSpec, requiredFields, stockOnHandSpec } from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';

const m = useMigration();
const { check } = entityChecks({ wave: productsSpec.wave, entity: productsSpec.entity });
const products = entityRows(productsSpec);

migratedEntityChecks(m, productsSpec, 'Products');
migratedEntityChecks(m, stockOnHandSpec, 'Stock on hand');

describe('001 §1.5: products are unique by SKU and barcode, complete, and in an existing category', () => {
  check(
    {
      id: 'duplicates',
      title: 'no two products share a SKU (default_code) or a barcode',
      criterion: 'duplicates',
      seedRef: '001 §1.5 zero duplicates',
    },
    m.ifLoaded(productsSpec.entity, (meta) =>
      duplicates(meta, {
        db: m.target,
        table: 'product.template',
        keyColumn: 'x_legacy_id',
        identities: ['default_code', 'barcode'],
        where: products,
      }),
    ),
  );
  check(
    {
      id: 'required-fields',
      title: 'name, SKU, category and unit are present',
      criterion: 'required-fields',
      seedRef: '000 §8.3',
    },
    m.ifLoaded(productsSpec.entity, (meta) =>
      requiredFields(meta, {
        db: m.target,
        table: 'product.template',
        keyColumn: 'x_legacy_id',
        fields: ['name', 'default_code', 'categ_id', 'uom_id'],
        where: products,
      }),
    ),
  );
  check(
    {
      id: 'category-exists',
      title: 'every product points at an existing category',
      criterion: 'orphans',
      seedRef: '000 §8.3; 003 FK integrity',
    },
    m.ifLoaded(productsSpec.entity, (meta) =>
      orphans(meta, {
        db: m.target,
        child: {
          table: 'product.template',
          keyColumn: 'x_legacy_id',
          fkColumn: 'categ_id',
          where: products,
        },
        parent: { table: 'product.category', idColumn: 'id' },
      }),
    ),
  );
});
