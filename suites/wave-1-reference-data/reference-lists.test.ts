/**
 * Wave 1, reference data (000 §2.2 wave 1): units of measure, taxes and payment terms from
 * the ERP's reference lists, and the product category tree from the legacy website.
 */
import { describe } from 'vitest';
import {
  chartOfAccountsSpec,
  orphans,
  paymentTermsSpec,
  productCategoriesSpec,
  skippedResult,
  taxesSpec,
  uomSpec,
} from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';

const m = useMigration();

migratedEntityChecks(m, uomSpec, 'Units of measure');
migratedEntityChecks(m, taxesSpec, 'Taxes');
migratedEntityChecks(m, paymentTermsSpec, 'Payment terms');
migratedEntityChecks(m, productCategoriesSpec, 'Product categories');
migratedEntityChecks(m, chartOfAccountsSpec(), 'Chart of accounts');

const categories = entityChecks({
  wave: productCategoriesSpec.wave,
  entity: productCategoriesSpec.entity,
});
describe('000 §3.2.2, 001 R-142-03 two-pass parents: the category tree has no dangling parent', () => {
  categories.check(
    {
      id: 'parent-exists',
      title: 'every category parent exists in the target',
      criterion: 'orphans',
      seedRef: '000 §8.3 orphaned records; 003 FK integrity',
    },
    (meta) =>
      m.loaded(productCategoriesSpec.entity)
        ? orphans(meta, {
            db: m.target,
            child: {
              table: 'product.category',
              keyColumn: 'x_legacy_id',
              fkColumn: 'parent_id',
              where: entityRows(productCategoriesSpec),
            },
            parent: { table: 'product.category', idColumn: 'id' },
          })
        : Promise.resolve(
            skippedResult(meta, 'no bundled loader ran for product_categories in this run'),
          ),
  );
});
