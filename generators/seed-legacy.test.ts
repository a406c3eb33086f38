import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/core/dialect.ts';
import { mysqlDialect } from '../src/dialects/mysql/mysql-dialect.ts';
import { scratchDatabases } from '../tests/support/scratch.ts';
import type { ScratchDatabases } from '../tests/support/scratch.ts';
import { createRowsDigest } from './core/row-digest.ts';
import { generateManifest } from './generate-manifest.ts';
import { seedLegacy } from './seed-legacy.ts';
import type { SeedLegacyResult } from './seed-legacy.ts';

const asOf = '2026-06-30T18:00:00Z';
let scratch: ScratchDatabases;
let db: Db;
let seeded: SeedLegacyResult;

const count = async (sql: string): Promise<number> => Number((await db.query(sql)).rows[0]?.[0]);
const planted = (kind: string): number =>
  seeded.manifest.dirt.filter((d) => d.kind === kind).length;

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

  it('loads every generated row and reports it', async () => {
    expect(seeded.rowsPerTable).toEqual({ customers: 660 });
    expect(await count('SELECT COUNT(*) FROM customers')).toBe(660);
    expect(seeded.durationMs).toBeGreaterThan(0);
  });

  it('stores the rows byte for byte (the manifest checksum re-computed from the server)', async () => {
    const digest = createRowsDigest();
    for await (const row of db.stream('SELECT * FROM customers ORDER BY customer_id'))
      digest.update(row);
    const checksum = digest.checksum();
    expect(checksum).toBe(seeded.manifest.sources['legacy_mysql']?.['customers']?.checksum);
    expect(generateManifest({ profile: 'ci', seed: 1, asOf })).toEqual(seeded.manifest);
  });

  it('holds the planted dirt, counted by SQL', async () => {
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

  it('refuses a database that is not empty, and bad input before writing anything', async () => {
    await expect(seedLegacy(db, { profile: 'ci', seed: 1, asOf })).rejects.toMatchObject({
      code: 'CUTOVER_LEGACY_WRITE_REFUSED',
    });
    await expect(seedLegacy(db, { profile: 'nope' as never, seed: 1, asOf })).rejects.toMatchObject(
      { code: 'CUTOVER_GENERATOR_INPUT' },
    );
    expect(await count('SELECT COUNT(*) FROM customers')).toBe(660);
  });
});
