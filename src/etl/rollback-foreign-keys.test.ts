import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { applyTargetSchema } from './apply-target-schema.ts';
import { rollbackBatches } from './rollback-batches.ts';

// A rollback of batch 'b2' over: a parent whose rows its child references (NO ACTION), a
// table whose rows another references ON DELETE SET NULL, and one with an audit trigger.
// Batch 'b1' is an earlier one that stays.
const DDL = `
CREATE SCHEMA rb;
CREATE TABLE rb.parent (id bigint PRIMARY KEY, x_migration_batch text);
CREATE TABLE rb.child (id bigint PRIMARY KEY, parent_id bigint REFERENCES rb.parent (id), x_migration_batch text);
CREATE TABLE rb.herd (id bigint PRIMARY KEY, mother_id bigint REFERENCES rb.herd (id) ON DELETE SET NULL, x_migration_batch text);
CREATE TABLE rb.audited (id bigint PRIMARY KEY, x_migration_batch text);
CREATE TABLE rb.audit (id bigint);
CREATE FUNCTION rb.audit() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO rb.audit VALUES (OLD.id); RETURN OLD; END $$;
CREATE TRIGGER audited_delete AFTER DELETE ON rb.audited FOR EACH ROW EXECUTE FUNCTION rb.audit();
`;
const TABLES = ['rb.child', 'rb.parent', 'rb.herd', 'rb.audited'].map((table) => ({ table }));

let scratch: ScratchDatabases;
let db: Db;

beforeAll(async () => {
  scratch = await scratchDatabases('rollback-foreign-keys');
  db = await postgresDialect.connect(scratch.targetUrl);
  await applyTargetSchema(db);
  await db.exec(DDL);
});
afterAll(async () => {
  await db?.close();
  await scratch?.dispose();
});

beforeEach(async () => {
  await db.exec(`TRUNCATE rb.child, rb.parent, rb.herd, rb.audited, rb.audit;
    INSERT INTO rb.parent SELECT g, CASE WHEN g <= 2 THEN 'b1' ELSE 'b2' END FROM generate_series(1, 6) g;
    INSERT INTO rb.child VALUES (1, 1, 'b1'), (2, 2, 'b1'), (3, 3, 'b2'), (4, 4, 'b2');
    INSERT INTO rb.herd VALUES (1, NULL, 'b1'), (2, 1, 'b1'), (3, NULL, 'b2'), (4, 3, 'b1');
    INSERT INTO rb.audited VALUES (1, 'b1'), (2, 'b2');`);
});

async function state(): Promise<string[][]> {
  const { rows } =
    await db.query(`SELECT 'parent', string_agg(id::text, ',' ORDER BY id) FROM rb.parent
    UNION ALL SELECT 'child', string_agg(id::text, ',' ORDER BY id) FROM rb.child
    UNION ALL SELECT 'herd', string_agg(id || ':' || coalesce(mother_id::text, '-'), ',' ORDER BY id) FROM rb.herd
    UNION ALL SELECT 'audit', string_agg(id::text, ',' ORDER BY id) FROM rb.audit`);
  return rows.map((r) => r.map((v) => v ?? ''));
}

describe('rollbackBatches and the foreign keys pointing at the rows it removes', () => {
  // keysByQueryFrom 1: the keys are checked by one query with the triggers off; the default
  // (10,000 rows) keeps the triggers for rows this few.
  it.each([1, undefined])(
    'ends as the triggers would: SET NULL done, audit trigger fired (checked by query from %s rows)',
    async (from) => {
      const result = await rollbackBatches(db, ['b2'], {
        tables: TABLES,
        ...(from === undefined ? {} : { keysByQueryFrom: from }),
      });
      expect(result.deletedByTable).toMatchObject({
        'rb.child': 2,
        'rb.parent': 4,
        'rb.herd': 1,
        'rb.audited': 1,
      });
      expect(await state()).toEqual([
        ['parent', '1,2'],
        ['child', '1,2'],
        ['herd', '1:-,2:1,4:-'],
        ['audit', '2'],
      ]);
    },
  );

  it('refuses to leave a reference without its row, naming the key, and deletes nothing', async () => {
    // An earlier batch's child points at a row of the rolled-back batch.
    await db.exec("INSERT INTO rb.child VALUES (5, 5, 'b1')");
    const before = await state();
    await expect(
      rollbackBatches(db, ['b2'], { tables: TABLES, keysByQueryFrom: 1 }),
    ).rejects.toMatchObject({
      code: 'CUTOVER_ROLLBACK_FAILED',
      message: expect.stringMatching(
        /rb\.child still references rb\.parent id = 5 through child_parent_id_fkey/,
      ),
    });
    // The trigger refuses it too when it is on.
    await expect(rollbackBatches(db, ['b2'], { tables: TABLES })).rejects.toMatchObject({
      code: 'CUTOVER_ROLLBACK_FAILED',
      message: expect.stringMatching(/child_parent_id_fkey/),
    });
    expect(await state()).toEqual(before);
    expect(
      (await db.query("SELECT current_setting('session_replication_role')")).rows[0]?.[0],
    ).toBe('origin');
  });
});
