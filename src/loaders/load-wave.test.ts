import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots, takeSnapshot } from '../checks/table-snapshot.ts';
import type { Db, RawRow } from '../core/dialect.ts';
import { mysqlDialect } from '../dialects/mysql/mysql-dialect.ts';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.ts';
import { applyTargetSchema } from '../etl/apply-target-schema.ts';
import { ROLLBACK_ORDER } from '../etl/rollback-order.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { allWaves, loadWave, rollbackWave, type WaveProgress } from './index.ts';
import { writeHandMadeEstate } from './testing/hand-made-estate.ts';

const AS_OF = '2026-06-30T18:00:00Z';
const LEGACY = new URL('../../fixtures/legacy/', import.meta.url);
const TABLES = [
  'customers',
  'product_categories',
  'products',
  'inventory',
  'sales_orders',
  'sales_order_lines',
  'purchase_orders',
  'purchase_order_lines',
];

const c = (id: string, over: Record<string, string | null> = {}): RawRow => {
  const row: Record<string, string | null> = {
    customer_id: id,
    customer_name: `Customer ${id}`,
    email: `c${id}@example.com`,
    phone: null,
    mobile: `0171${id.padStart(7, '0')}`,
    address: 'Road 1',
    city: 'Dhaka',
    postal_code: '1205',
    customer_type: 'retail',
    credit_limit: '100.00',
    is_supplier: id === '3' ? '1' : '0',
    is_customer: '1',
    is_active: '1',
    nid_number: null,
    tin_number: null,
    notes: null,
    created_date: '2024-01-01 10:00:00',
    modified_date: null,
    ...over,
  };
  return Object.values(row);
};
const order = (id: string, customer: string | null, date: string, status: string): RawRow => [
  id,
  `SO-2026-${id.padStart(6, '0')}`,
  customer,
  date,
  null,
  '115.00',
  '15.00',
  '0.00',
  status,
  'unpaid',
  null,
  'u',
  date,
  null,
];
const line = (id: string, orderId: string, product: string): RawRow => [
  id,
  orderId,
  product,
  '1.000',
  '100.00',
  '0.00',
  '15.00',
  '100.00',
];

const ROWS: Record<string, RawRow[]> = {
  customers: [c('1'), c('2'), c('3'), c('4', { customer_name: ' ' })],
  product_categories: [
    ['2', 'Milk', '1', '1', null],
    ['1', 'Dairy', null, '1', null],
    ['3', 'Orphans', '99', '1', null],
  ],
  products: [
    [
      '1',
      'P1',
      'milk-1l',
      null,
      'Milk 1L',
      null,
      '2',
      '90.00',
      '70.00',
      'Liter',
      null,
      null,
      '1',
      '3',
      null,
      '10.00',
      '1',
      null,
      null,
    ],
    [
      '2',
      'P2',
      'MILK-1L',
      null,
      'Milk dup',
      null,
      '2',
      '90.00',
      '70.00',
      'Liter',
      null,
      null,
      '1',
      '3',
      null,
      '10.00',
      '1',
      null,
      null,
    ],
    [
      '3',
      'P3',
      'ghee',
      null,
      'Ghee',
      null,
      '77',
      '90.00',
      '70.00',
      'KG',
      null,
      null,
      '1',
      '3',
      null,
      '1.00',
      '1',
      null,
      null,
    ],
    [
      '4',
      'P4',
      'old',
      null,
      'Old',
      null,
      '1',
      '1.00',
      '1.00',
      'Unit',
      null,
      null,
      '0',
      null,
      null,
      '0',
      '0',
      null,
      null,
    ],
  ],
  inventory: [
    ['1', '1', 'WH', '10.00', '1.00', '70.00', null],
    ['2', '3', 'WH', '1.00', '1.00', '70.00', null],
  ],
  sales_orders: [
    order('1', '1', '2026-06-01 10:00:00', 'pending'),
    order('2', '1', '2026-05-01 10:00:00', 'Delivered'),
    order('3', '9', '2026-05-01 10:00:00', 'shipped'),
    order('4', '2', '2023-01-01 10:00:00', 'shipped'),
    order('5', null, '2026-05-01 10:00:00', 'shipped'),
    order('6', '2', '2026-05-02 10:00:00', 'complete'),
  ],
  sales_order_lines: [
    line('1', '1', '1'),
    line('2', '2', '1'),
    line('3', '2', '3'),
    line('4', '3', '1'),
    line('5', '4', '1'),
    line('6', '99', '1'),
  ],
  purchase_orders: [
    [
      '1',
      'PO-1',
      '3',
      '2026-06-01 10:00:00',
      null,
      null,
      '10.00',
      '0.00',
      '0.00',
      'confirmed',
      'unpaid',
      null,
      'u',
      null,
      null,
    ],
  ],
  purchase_order_lines: [['1', '1', '1', '2.000', '5.00', '0.00', '0.00', '10.00']],
};

const WAVE_3 = {
  open_sales_orders: [6, 1, 0, 5, {}],
  open_sales_order_lines: [6, 1, 1, 4, { ORPH01: 1 }],
  open_purchase_orders: [1, 1, 0, 0, {}],
  open_purchase_order_lines: [1, 1, 0, 0, {}],
  active_animals: [10, 2, 3, 5, { MIG004: 1, ORPH01: 1, DUP001: 1 }],
};

let scratch: ScratchDatabases;
let legacy: Db;
let target: Db;
let estateDir: string;

beforeAll(async () => {
  estateDir = await mkdtemp(join(tmpdir(), 'cutover-estate-'));
  await writeHandMadeEstate(estateDir);
  scratch = await scratchDatabases('load-wave');
  {
    await using admin = await mysqlDialect.connect(scratch.legacyUrl);
    for (const table of TABLES) {
      await admin.exec(await readFile(new URL(`${table}.sql`, LEGACY), 'utf8'));
      const { columns } = await admin.query(`SELECT * FROM ${table} WHERE 1 = 0`);
      await admin.bulkLoad(table, columns, ROWS[table] ?? []);
    }
  }
  legacy = await mysqlDialect.connect(scratch.legacyUrl, { readOnly: true });
  target = await postgresDialect.connect(scratch.targetUrl);
  await applyTargetSchema(target);
});

afterAll(async () => {
  await legacy?.close();
  await target?.close();
  await scratch?.dispose();
  await rm(estateDir, { recursive: true, force: true });
});

const tables = [
  ...ROLLBACK_ORDER.map((t) => t.table),
  'migration.id_map',
  'migration.quarantine',
  'migration.out_of_scope',
];
const wave = (name: string) => allWaves.find((w) => w.wave === name)!;
const summary = (results: Awaited<ReturnType<typeof loadWave>>) =>
  Object.fromEntries(
    results.map((r) => [
      r.entity,
      [r.extracted, r.loaded + r.alreadyLoaded, r.quarantined, r.outOfScope, r.quarantineByReason],
    ]),
  );

describe('loadWave / rollbackWave over waves 1-4 (MySQL legacy + bundled reference lists)', () => {
  it('each wave accounts for every record, parents resolved, children following their parent', async () => {
    const progress: WaveProgress[] = [];
    const w1 = await loadWave({
      wave: wave('wave-1-reference'),
      legacy,
      estateDir,
      target,
      runId: 'R1',
      asOf: AS_OF,
      onProgress: (p) => progress.push(p),
    });
    expect(summary(w1)).toEqual({
      uom: [6, 6, 0, 0, {}],
      taxes: [4, 4, 0, 0, {}],
      payment_terms: [4, 4, 0, 0, {}],
      product_categories: [3, 2, 1, 0, { ORPH01: 1 }],
      chart_of_accounts: [8, 7, 1, 0, { ORPH01: 1 }],
    });
    expect(progress.map((p) => p.entity)).toEqual([
      'uom',
      'taxes',
      'payment_terms',
      'product_categories',
      'chart_of_accounts',
    ]);
    // The wave left planner statistics behind: only ANALYZE (or VACUUM) sets pg_class's row
    // estimate of a table that was never analysed to its real count.
    for (const table of ['product.category', 'migration.id_map']) {
      const [estimate] = await target.rows(
        `SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = to_regclass($1)`,
        [table],
      );
      const [count] = await target.rows(`SELECT count(*)::text AS n FROM ${table}`);
      expect(estimate, table).toEqual(count);
    }
    // And vacuumed at the wave's end: every page all-visible, so the first reader neither
    // sets hint bits nor visits the heap in an index-only scan (only VACUUM sets the map).
    // id_map is partitioned: its pages are its partitions'.
    for (const table of ['product.category', 'migration.id_map']) {
      expect(
        await target.rows(
          `SELECT sum(relpages) > 0 AND sum(relallvisible) = sum(relpages) AS settled
             FROM pg_class WHERE relkind = 'r'
              AND (oid = to_regclass($1) OR oid IN (SELECT relid FROM pg_partition_tree($1)))`,
          [table],
        ),
        table,
      ).toEqual([{ settled: 't' }]);
    }
    expect(
      await target.rows(
        'SELECT x_legacy_id, parent_id IS NOT NULL AS linked FROM product.category ORDER BY x_legacy_id',
      ),
    ).toEqual([
      { x_legacy_id: '1', linked: 'f' },
      { x_legacy_id: '2', linked: 't' },
    ]);

    const w2 = await loadWave({
      wave: wave('wave-2-master-data'),
      legacy,
      estateDir,
      target,
      runId: 'R1',
      asOf: AS_OF,
    });
    expect(summary(w2)).toEqual({
      customers: [4, 3, 1, 0, { MIG003: 1 }],
      products: [4, 1, 2, 1, { DUP001: 1, ORPH01: 1 }],
      stock_on_hand: [2, 1, 1, 0, { ORPH01: 1 }],
      breeds: [3, 2, 1, 0, { DUP001: 1 }],
      barns: [2, 2, 0, 0, {}],
    });
    const w3 = await loadWave({
      wave: wave('wave-3-open-transactions'),
      legacy,
      estateDir,
      target,
      runId: 'R1',
      asOf: AS_OF,
    });
    expect(summary(w3)).toEqual(WAVE_3);
    const before = await takeSnapshot(target, tables);
    const w4 = await loadWave({
      wave: wave('wave-4-history'),
      legacy,
      estateDir,
      target,
      runId: 'R1',
      asOf: AS_OF,
    });
    expect(summary(w4)).toEqual({
      sales_orders: [6, 1, 3, 2, { ORPH01: 1, MIG003: 1, MIG004: 1 }],
      sales_order_lines: [6, 1, 3, 2, { ORPH01: 3 }],
      purchase_orders: [1, 0, 0, 1, {}],
      purchase_order_lines: [1, 0, 0, 1, {}],
      history_animals: [10, 2, 3, 5, { DUP001: 1, MIG004: 1, MIG003: 1 }],
      register_animals: [7, 1, 4, 2, { DUP001: 1, MIG003: 1, MIG004: 2 }],
      health_records: [6, 1, 4, 1, { ORPH01: 2, MIG003: 1, MIG004: 1 }],
      milk_production: [7, 2, 4, 1, { DUP001: 1, MIG004: 2, ORPH01: 1 }],
      vouchers: [8, 3, 4, 1, { MIG004: 2, ORPH01: 1, MIG003: 1 }],
      voucher_lines: [17, 7, 8, 2, { ORPH01: 8 }],
      opening_balances: [3, 2, 1, 0, { ORPH01: 1 }],
    });
    expect(
      await target.rows(
        `SELECT a.x_legacy_id AS id, m.x_legacy_id AS mother, f.x_legacy_id AS father
           FROM farm.animal a LEFT JOIN farm.animal m ON m.id = a.mother_id
           LEFT JOIN farm.animal f ON f.id = a.father_id
          WHERE a.mother_id IS NOT NULL ORDER BY a.x_legacy_id`,
      ),
    ).toEqual([
      { id: '3', mother: '1', father: '2' },
      { id: '9', mother: '3', father: null },
    ]);
    expect(
      await target.rows(
        `SELECT m.name, sum(l.debit) AS debit, sum(l.credit) AS credit FROM accounting.move m
           JOIN accounting.move_line l ON l.move_id = m.id GROUP BY m.name ORDER BY m.name`,
      ),
    ).toEqual([
      { name: 'RV/000002', debit: '1150.00', credit: '1150.00' },
      { name: 'RV/000008', debit: '1234.57', credit: '1234.57' },
      { name: 'SV/000001', debit: '1150.00', credit: '1150.00' },
    ]);
    expect(
      await target.rows(
        `SELECT a.tag_number, b.name AS breed, a.gender, a.purchase_price FROM farm.animal a
           LEFT JOIN farm.breed b ON b.id = a.breed_id WHERE a.x_source_system = 'farm_register'`,
      ),
    ).toEqual([
      {
        tag_number: 'SD-0777',
        breed: 'Holstein Friesian',
        gender: 'female',
        purchase_price: '45000.00',
      },
    ]);
    expect(await target.rows("SELECT state FROM sales.order WHERE x_legacy_id = '2'")).toEqual([
      { state: 'sale' },
    ]);

    const dry = await rollbackWave({ target, wave: 'wave-4-history', dryRun: true });
    expect(dry.deletedByTable).toMatchObject({ 'sales.order': 1, 'sales.order_line': 1 });
    const done = await rollbackWave({ target, wave: 'wave-4-history' });
    expect(done.deletedByTable).toEqual(dry.deletedByTable);
    expect(diffSnapshots(before, await takeSnapshot(target, tables))).toEqual([]);
  });

  it('progress tells every chunk once, the end of an entity without repeating its last chunk', async () => {
    const progress: WaveProgress[] = [];
    await loadWave({
      wave: wave('wave-1-reference'),
      legacy,
      estateDir,
      target,
      runId: 'R1',
      asOf: AS_OF,
      batchSize: 2,
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
    });
    const lines = progress.map((p) => `${p.entity} ${p.done}`);
    expect(lines).toEqual([...new Set(lines)]);
    expect(lines.filter((l) => l.startsWith('uom '))).toEqual(['uom 2', 'uom 4', 'uom 6']);
  });

  it('a wave whose connection is killed half-way ends exact when run again', async () => {
    await rollbackWave({ target, wave: 'wave-3-open-transactions' });
    const before = await takeSnapshot(target, tables);
    const victim = await postgresDialect.connect(scratch.targetUrl);
    const pid = (await victim.query('SELECT pg_backend_pid()')).rows[0]?.[0];
    let chunks = 0;
    const killed = await loadWave({
      wave: wave('wave-3-open-transactions'),
      legacy,
      estateDir,
      target: victim,
      runId: 'R2',
      asOf: AS_OF,
      batchSize: 2,
      progressIntervalMs: 0,
      onProgress: () => {
        if (++chunks === 2) void target.query('SELECT pg_terminate_backend($1)', [pid]);
      },
    }).catch((e: unknown) => e);
    expect(killed).toBeInstanceOf(Error);
    await victim.close().catch(() => undefined);
    const again = await loadWave({
      wave: wave('wave-3-open-transactions'),
      legacy,
      estateDir,
      target,
      runId: 'R2',
      asOf: AS_OF,
      batchSize: 2,
    });
    expect(summary(again)).toEqual(WAVE_3);
    const counts = await target.rows(
      "SELECT entity, count(*) AS n FROM migration.out_of_scope WHERE entity LIKE 'open_%' GROUP BY entity ORDER BY entity",
    );
    expect(counts).toEqual([
      { entity: 'open_sales_order_lines', n: '4' },
      { entity: 'open_sales_orders', n: '5' },
    ]);
    await rollbackWave({ target, wave: 'wave-3-open-transactions' });
    expect(diffSnapshots(before, await takeSnapshot(target, tables))).toEqual([]);
  });

  it('a legacy connection that cannot be opened fails the wave and leaves no target connection open', async () => {
    const backends = async () =>
      Number(
        (
          await target.query('SELECT count(*) FROM pg_stat_activity WHERE datname = $1', [
            scratch.targetDatabase,
          ])
        ).rows[0]?.[0],
      );
    const before = await backends();
    let opened = 0;
    const failed = await loadWave({
      wave: wave('wave-3-open-transactions'),
      legacy,
      estateDir,
      target,
      runId: 'R3',
      asOf: AS_OF,
      connectTarget: () => {
        opened++;
        return postgresDialect.connect(scratch.targetUrl);
      },
      connectLegacy: () => Promise.reject(new Error('legacy refused')),
    }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ message: 'legacy refused' });
    // Every entity asked for its target connection; the farm app's animals (SQLite) loaded.
    expect(opened).toBeGreaterThanOrEqual(wave('wave-3-open-transactions').entities.length);
    const { rows } = await target.query(
      "SELECT entity FROM migration.batch WHERE batch_id LIKE 'R3/%' AND status = 'done'",
    );
    expect(rows.flat()).toEqual(['active_animals']);
    // A closed client's backend leaves the server a moment later.
    const deadline = Date.now() + 5000;
    while ((await backends()) !== before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await backends()).toBe(before);
    await rollbackWave({ target, wave: 'wave-3-open-transactions' });
  });
});
