import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { applyTargetSchema } from './apply-target-schema.ts';
import { ensureBookkeepingPartitions, truncateBatchPartitions } from './bookkeeping-partitions.ts';
import { RECORD_BOOKKEEPING } from './rollback-order.ts';
import { rollbackBatches } from './rollback-batches.ts';

// Batch ids a partition bound must hold exactly: a quote, a backslash, and one too long
// for a 63-byte partition name.
const QUOTED = "r1/wave-2/o'brien\\x";
const LONG = `r1/${'wave-4-history/'.repeat(5)}sales_order_lines`;
const BATCHES = ['r1/wave-1/uom', QUOTED, LONG];

let scratch: ScratchDatabases;
let db: Db;

beforeAll(async () => {
  scratch = await scratchDatabases('bookkeeping-partitions');
  db = await postgresDialect.connect(scratch.targetUrl);
  await applyTargetSchema(db);
});
afterAll(async () => {
  await db?.close();
  await scratch?.dispose();
});

beforeEach(async () => {
  // A fresh schema each time: partitions are DDL, which a TRUNCATE would not undo.
  await db.exec('DROP SCHEMA migration CASCADE');
  await applyTargetSchema(db);
});

/** Three rows per batch in each partitioned bookkeeping table. */
async function write(batchId: string, entity = 'e'): Promise<void> {
  await db.query(
    `INSERT INTO migration.id_map (source_system, entity, legacy_id, new_id, batch_id)
       SELECT 's', $2, g::text, nextval('migration.quarantine_id_seq'), $1 FROM generate_series(1, 3) g`,
    [batchId, entity],
  );
  await db.query(
    `INSERT INTO migration.quarantine (batch_id, source_system, entity, legacy_key, reason_code, message)
       SELECT $1, 's', $2, g::text, 'MIG003', 'm' FROM generate_series(1, 3) g`,
    [batchId, entity],
  );
  await db.query(
    `INSERT INTO migration.out_of_scope (batch_id, source_system, entity, legacy_key, rule)
       SELECT $1, 's', $2, g::text, 'r' FROM generate_series(1, 3) g`,
    [batchId, entity],
  );
}

/** Where each table's rows sit: partition name (the default one as 'default') and count. */
async function placement(): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT t.name, CASE WHEN pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' THEN 'default'
                         ELSE x.batch_id END AS place, count(*)
       FROM unnest($1::text[]) AS t(name),
            LATERAL (SELECT tableoid, batch_id FROM migration.id_map WHERE t.name = 'migration.id_map'
                     UNION ALL SELECT tableoid, batch_id FROM migration.quarantine WHERE t.name = 'migration.quarantine'
                     UNION ALL SELECT tableoid, batch_id FROM migration.out_of_scope WHERE t.name = 'migration.out_of_scope') x
            JOIN pg_class c ON c.oid = x.tableoid
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [RECORD_BOOKKEEPING],
  );
  return rows.map((r) => r.join(' '));
}

async function fileNodes(): Promise<Map<string, string>> {
  const { rows } = await db.query(
    `SELECT i.inhrelid::regclass::text, pg_relation_filenode(i.inhrelid)::text
       FROM pg_inherits i WHERE i.inhparent = ANY($1::regclass[])`,
    [RECORD_BOOKKEEPING],
  );
  return new Map(rows.map((r) => [r[0] ?? '', r[1] ?? '']));
}

describe('bookkeeping partitions: a batch of its own in id_map, quarantine and out_of_scope', () => {
  it('gives each batch a partition in every table, idempotently, whatever its id holds', async () => {
    await ensureBookkeepingPartitions(db, BATCHES);
    await ensureBookkeepingPartitions(db, BATCHES);
    for (const batch of BATCHES) await write(batch);
    await write('r1/unplanned');
    const placed = await placement();
    for (const table of RECORD_BOOKKEEPING) {
      for (const batch of BATCHES) expect(placed).toContain(`${table} ${batch} 3`);
      expect(placed).toContain(`${table} default 3`);
    }
    expect(placed).toHaveLength(RECORD_BOOKKEEPING.length * 4);
    const names = [...(await fileNodes()).keys()];
    // Cut to 63 bytes and told apart by a hash, never truncated silently by the server.
    expect(names.filter((n) => n.includes('~'))).toHaveLength(RECORD_BOOKKEEPING.length);
  });

  it("leaves a batch's rows in the default partition when they are there already", async () => {
    await write('r1/early');
    expect(await ensureBookkeepingPartitions(db, ['r1/early', 'r1/late'])).toEqual(
      RECORD_BOOKKEEPING.map((t) => `${t} r1/early`),
    );
    await write('r1/late');
    const placed = await placement();
    expect(placed).toContain('migration.id_map default 3');
    expect(placed).toContain('migration.id_map r1/late 3');
  });

  it('leaves a partition out, not the load, when another session holds the table', async () => {
    const other = await postgresDialect.connect(scratch.targetUrl);
    try {
      await other.exec('BEGIN; LOCK TABLE migration.out_of_scope IN ACCESS SHARE MODE');
      const leftOut = await ensureBookkeepingPartitions(db, ['r1/busy'], { lockTimeoutMs: 200 });
      expect(leftOut).toEqual(['migration.out_of_scope r1/busy']);
    } finally {
      await other.exec('ROLLBACK');
      await other.close();
    }
    await write('r1/busy');
    expect(await placement()).toEqual([
      'migration.id_map r1/busy 3',
      'migration.out_of_scope default 3',
      'migration.quarantine r1/busy 3',
    ]);
  });

  it("truncates only the given batches' partitions and counts what they held", async () => {
    await ensureBookkeepingPartitions(db, BATCHES);
    for (const batch of BATCHES) await write(batch);
    const before = await fileNodes();
    const removed = await db.transaction((tx) =>
      truncateBatchPartitions(tx, RECORD_BOOKKEEPING, [QUOTED, LONG, 'r1/absent']),
    );
    expect(Object.fromEntries(removed)).toEqual({
      'migration.id_map': 6,
      'migration.quarantine': 6,
      'migration.out_of_scope': 6,
    });
    const placed = await placement();
    expect(placed).toEqual(RECORD_BOOKKEEPING.map((t) => `${t} r1/wave-1/uom 3`).sort());
    // Emptied by TRUNCATE (new files), the kept batch's partitions not touched.
    const after = await fileNodes();
    const changed = [...before].filter(([name, node]) => after.get(name) !== node).map(([n]) => n);
    expect(changed).toHaveLength(6);
    expect(changed.some((name) => name.includes('uom'))).toBe(false);
  });

  it('rollbackBatches removes a batch from its partitions and from the default ones', async () => {
    await ensureBookkeepingPartitions(db, ['r1/wave-4/lines']);
    await write('r1/wave-4/lines');
    await write('r1/wave-4/late');
    await write('r1/wave-3/kept');
    await db.exec(`INSERT INTO migration.batch (batch_id, wave, entity) VALUES
      ('r1/wave-4/lines', 'wave-4', 'e'), ('r1/wave-4/late', 'wave-4', 'e'), ('r1/wave-3/kept', 'wave-3', 'e')`);
    const dry = await rollbackBatches(db, ['r1/wave-4/lines', 'r1/wave-4/late'], {
      tables: [],
      dryRun: true,
    });
    const before = await fileNodes();
    const done = await rollbackBatches(db, ['r1/wave-4/lines', 'r1/wave-4/late'], { tables: [] });
    // The batch with partitions lost them by TRUNCATE (new files); the rest went by DELETE.
    const after = await fileNodes();
    expect([...before].filter(([name, node]) => after.get(name) !== node).map(([n]) => n)).toEqual(
      RECORD_BOOKKEEPING.map((t) => `${t.replace('.', '."')}/r1/wave-4/lines"`),
    );
    expect(done.deletedByTable).toEqual({
      'migration.id_map': 6,
      'migration.quarantine': 6,
      'migration.out_of_scope': 6,
    });
    expect(dry.deletedByTable).toEqual(done.deletedByTable);
    expect(await placement()).toEqual(RECORD_BOOKKEEPING.map((t) => `${t} default 3`).sort());
  });
});
