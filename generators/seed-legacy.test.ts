import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/core/dialect.ts';
import type { SourceRecord } from '../src/core/source.ts';
import { mysqlDialect } from '../src/dialects/mysql/mysql-dialect.ts';
import { mysqlTableSource } from '../src/sources/mysql-table-source.ts';
import { scratchDatabases } from '../tests/support/scratch.ts';
import type { ScratchDatabases } from '../tests/support/scratch.ts';
import { PROFILES } from './core/profiles.ts';
import { createRowsDigest } from './core/row-digest.ts';
import { generateManifest } from './generate-manifest.ts';
import { LEGACY_MYSQL_TABLES } from './legacy-tables.ts';
import { seedLegacy } from './seed-legacy.ts';
import type { SeedLegacyResult } from './seed-legacy.ts';

const asOf = '2026-06-30T18:00:00Z';
let scratch: ScratchDatabases;
let db: Db;
let seeded: SeedLegacyResult;

const count = async (sql: string): Promise<number> => Number((await db.query(sql)).rows[0]?.[0]);
const planted = (kind: string, table = 'customers'): number =>
  seeded.manifest.dirt.filter((d) => d.table === table && d.kind === kind).length;

describe('seedLegacy on MariaDB', () => {
  beforeAll(async () => {
    scratch = await scratchDatabases('seed-legacy');
    db = await mysqlDialect.connect(scratch.legacyUrl);
    seeded = await seedLegacy(db, { profile: 'ci', seed: 1, asOf });
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.dispose();
  });

  it('loads every table at the profile volumes', async () => {
    const v = PROFILES.ci;
    expect(seeded.rowsPerTable).toMatchObject({
      customers: v.customers + v.suppliers,
      product_categories: 28,
      products: v.products,
      sales_orders: v.salesOrders,
      purchase_orders: v.purchaseOrders,
    });
    for (const [table, rows] of Object.entries(seeded.rowsPerTable)) {
      expect(await count(`SELECT COUNT(*) FROM ${table}`), table).toBe(rows);
    }
    expect(seeded.rowsPerTable['sales_order_lines']).toBeGreaterThan(2 * v.salesOrders);
  });

  it('stores every table byte for byte (checksums re-read through mysqlTableSource)', async () => {
    for (const { table, key } of LEGACY_MYSQL_TABLES) {
      const source = await mysqlTableSource(db, table, key);
      const digest = createRowsDigest();
      for await (const record of source.stream())
        digest.update(source.columns.map((c) => record[c]!));
      expect(digest.checksum(), table).toBe(
        seeded.manifest.sources['legacy_mysql']?.[table]?.checksum,
      );
    }
    expect(generateManifest({ profile: 'ci', seed: 1, asOf })).toEqual(seeded.manifest);
  });

  it('reads only the columns asked for through mysqlTableSource, with the key', async () => {
    const whole = await mysqlTableSource(db, 'sales_orders', 'order_id');
    const some = await mysqlTableSource(db, 'sales_orders', 'order_id', {
      columns: ['status', 'order_date'],
    });
    expect(some.columns).toEqual(
      whole.columns.filter((c) => ['order_id', 'status', 'order_date'].includes(c)),
    );
    const picked: SourceRecord[] = [];
    for await (const record of whole.stream())
      picked.push(Object.fromEntries(some.columns.map((c) => [c, record[c] ?? null])));
    const read: SourceRecord[] = [];
    for await (const record of some.stream()) read.push(record);
    expect(read).toEqual(picked);
    await expect(
      mysqlTableSource(db, 'sales_orders', 'order_id', { columns: ['nope'] }),
    ).rejects.toThrow(/sales_orders: no column 'nope' to read/);
  });

  it('holds the planted customer dirt, counted by SQL', async () => {
    expect(await count('SELECT COUNT(*) FROM customers WHERE is_active = 0')).toBe(
      planted('inactive'),
    );
    expect(
      await count(
        "SELECT COUNT(*) FROM customers WHERE customer_name IS NULL OR TRIM(customer_name) = ''",
      ),
    ).toBe(planted('missing-name'));
    expect(
      await count(
        "SELECT COUNT(*) FROM customers WHERE email IS NOT NULL AND LOWER(TRIM(email)) NOT REGEXP '^[a-z0-9._%+-]+@[a-z0-9.-]+[.][a-z]{2,}$'",
      ),
    ).toBe(planted('invalid-email'));
    // utf8mb4_unicode_ci compares case-insensitively, as the dedupe rule does after lower().
    expect(
      await count(
        `SELECT COUNT(*) FROM customers c WHERE c.is_active = 1 AND EXISTS (
           SELECT 1 FROM customers p WHERE p.customer_id < c.customer_id AND TRIM(p.email) = TRIM(c.email))`,
      ),
    ).toBe(planted('duplicate-email'));
    expect(await count('SELECT COUNT(*) FROM customers WHERE is_supplier = 1')).toBe(60);
    expect(await count("SELECT COUNT(*) FROM customers WHERE customer_name LIKE '%à¦%'")).toBe(
      planted('fixable:mojibake'),
    );
  });

  it('holds the planted catalogue and order dirt, counted by SQL', async () => {
    const p = (kind: string) => planted(kind, 'products');
    expect(await count('SELECT COUNT(*) FROM products WHERE is_active = 0')).toBe(p('inactive'));
    expect(await count('SELECT COUNT(*) FROM products WHERE unit_price < 0')).toBe(
      p('negative-price'),
    );
    expect(
      await count(
        "SELECT COUNT(*) FROM products WHERE product_name IS NULL OR TRIM(product_name) = ''",
      ),
    ).toBe(p('missing-name'));
    expect(
      await count(
        'SELECT COUNT(*) FROM products WHERE category_id NOT IN (SELECT category_id FROM product_categories)',
      ),
    ).toBe(p('unknown-category'));
    expect(
      await count(
        'SELECT COUNT(*) FROM products c WHERE EXISTS (SELECT 1 FROM products e WHERE e.product_id < c.product_id AND UPPER(TRIM(e.sku)) = UPPER(TRIM(c.sku)))',
      ),
    ).toBe(p('duplicate-sku'));
    expect(
      await count(
        'SELECT COUNT(*) FROM product_categories WHERE parent_category_id IS NOT NULL AND parent_category_id NOT IN (SELECT category_id FROM product_categories)',
      ),
    ).toBe(planted('orphan-parent', 'product_categories'));
    expect(await count('SELECT COUNT(*) FROM inventory WHERE quantity < 0')).toBe(
      planted('negative-quantity', 'inventory'),
    );
    expect(
      await count(
        'SELECT COUNT(*) FROM inventory WHERE product_id NOT IN (SELECT product_id FROM products)',
      ),
    ).toBe(planted('orphan-product', 'inventory'));
    for (const [orders, lines, partner] of [
      ['sales_orders', 'sales_order_lines', 'customer_id'],
      ['purchase_orders', 'purchase_order_lines', 'supplier_id'],
    ] as const) {
      const o = (kind: string) => planted(kind, orders);
      expect(
        await count(`SELECT COUNT(*) FROM ${orders} WHERE order_date = '0000-00-00 00:00:00'`),
      ).toBe(o('zero-order-date'));
      expect(await count(`SELECT COUNT(*) FROM ${orders} WHERE ${partner} IS NULL`)).toBe(
        o('missing-partner'),
      );
      expect(
        await count(
          `SELECT COUNT(*) FROM ${orders} WHERE BINARY status NOT IN ('pending','confirmed','shipped','delivered','invoiced','cancelled','draft')
             AND LOWER(TRIM(status)) IN ('pending','confirmed','shipped','delivered','invoiced','cancelled','draft')`,
        ),
      ).toBe(o('fixable:status-case'));
      expect(
        await count(
          `SELECT COUNT(*) FROM ${orders} WHERE LOWER(TRIM(status)) NOT IN ('pending','confirmed','shipped','delivered','invoiced','cancelled','draft')`,
        ),
      ).toBe(o('invalid-status'));
      const rejected = seeded.manifest.dirt
        .filter((d) => d.table === 'customers' && (d.reason !== undefined || d.rule !== undefined))
        .map((d) => d.key);
      expect(
        await count(
          `SELECT COUNT(*) FROM ${orders} WHERE ${partner} NOT IN (SELECT customer_id FROM customers)
             OR ${partner} IN (${rejected.join(',')})`,
        ),
      ).toBe(o('orphan-partner'));
      expect(
        await count(
          `SELECT COUNT(*) FROM ${lines} WHERE product_id NOT IN (SELECT product_id FROM products)`,
        ),
      ).toBe(planted('deleted-product', lines));
      // Header amounts are the sums of their lines (README: line nets + tax).
      expect(
        await count(
          `SELECT COUNT(*) FROM ${orders} o WHERE o.total_amount <> o.tax_amount + (SELECT SUM(l.line_total) FROM ${lines} l WHERE l.order_id = o.order_id)`,
        ),
      ).toBe(0);
    }
  });

  it('sales and purchase totals in the manifest equal 001 §3 query 6 on the source, per month', async () => {
    const windowStart = seeded.manifest.windowStart!;
    for (const [table, key] of [
      ['sales_orders', 'salesOrders'],
      ['purchase_orders', 'purchaseOrders'],
    ] as const) {
      const totals = seeded.manifest.totals![key]!;
      const [whole] = (
        await db.query(`SELECT COUNT(*), SUM(total_amount) FROM ${table} WHERE order_date >= ?`, [
          windowStart,
        ])
      ).rows;
      expect({ count: Number(whole![0]), amount: whole![1] }).toEqual(totals.window);
      const months = await db.query(
        `SELECT DATE_FORMAT(order_date, '%Y-%m'), COUNT(*), SUM(total_amount) FROM ${table}
         WHERE order_date >= ? GROUP BY 1 ORDER BY 1`,
        [windowStart],
      );
      expect(
        Object.fromEntries(months.rows.map(([m, n, a]) => [m, { count: Number(n), amount: a }])),
      ).toEqual(Object.fromEntries(Object.entries(totals.byMonth).map(([m, t]) => [m, t.window])));
      expect(Object.keys(totals.byMonth).length).toBeGreaterThanOrEqual(24);
    }
  });

  it('refuses a database that is not empty, and bad input before writing anything', async () => {
    await expect(seedLegacy(db, { profile: 'ci', seed: 1, asOf })).rejects.toMatchObject({
      code: 'CUTOVER_LEGACY_WRITE_REFUSED',
    });
    await expect(seedLegacy(db, { profile: 'nope' as never, seed: 1, asOf })).rejects.toMatchObject(
      {
        code: 'CUTOVER_GENERATOR_INPUT',
      },
    );
    expect(await count('SELECT COUNT(*) FROM customers')).toBe(660);
  });
});

describe('seedLegacy with an estate directory', () => {
  it('checks the directory before seeding, then writes every source and one manifest', async () => {
    await using other = await scratchDatabases('seed-estate');
    await using legacy = await mysqlDialect.connect(other.legacyUrl);
    const dir = await mkdtemp(join(tmpdir(), 'cutover-seed-estate-'));
    try {
      await writeFile(join(dir, 'occupied'), 'x');
      await expect(
        seedLegacy(legacy, { profile: 'ci', seed: 3, asOf, estateDir: join(dir, 'occupied', 'x') }),
      ).rejects.toMatchObject({ code: 'CUTOVER_GENERATOR_INPUT' });
      const tables = await legacy.query(
        'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()',
      );
      expect(tables.rows[0]![0]).toBe('0');
      const result = await seedLegacy(legacy, {
        profile: 'ci',
        seed: 3,
        asOf,
        estateDir: join(dir, 'estate'),
      });
      expect(Object.keys(result.manifest.sources).sort()).toEqual([
        'accounting_export',
        'farm_app',
        'farm_register',
        'legacy_mysql',
      ]);
      expect(Object.keys(result.millisPerSource).sort()).toEqual([
        'accounting_export',
        'farm_app',
        'farm_register',
        'legacy_mysql',
      ]);
      expect(result.manifest.totals).toHaveProperty('salesOrders');
      expect(result.manifest.totals).toHaveProperty('milk');
      expect(result.manifest.totals).toHaveProperty('openingBalances');
      expect((await readdir(join(dir, 'estate'))).sort()).toEqual([
        'accounting',
        'farm',
        'manifest.json',
      ]);
      expect(result.paths?.farmSqlite).toBe(join(dir, 'estate', 'farm', 'farm-app.sqlite'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
