import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/dialect.ts';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.ts';
import { compileSpec } from '../rules/compile-spec.ts';
import type { EntitySpec } from '../rules/spec.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { applyTargetSchema } from './apply-target-schema.ts';
import { emptyChunk, type Chunk } from './chunk.ts';
import { foreignKeyPlan } from './foreign-key-plan.ts';
import { writeChunk } from './write-chunk.ts';

// Children of fk.parent: plain, with an audit trigger of their own, and with a reference
// the load never writes (NULL, or a default that points at a parent).
const DDL = `
CREATE SCHEMA fk;
CREATE TABLE fk.parent (id bigint PRIMARY KEY);
INSERT INTO fk.parent VALUES (1), (2);
CREATE TABLE fk.pair (a bigint, b text, PRIMARY KEY (a, b));
CREATE TABLE fk."order" (id bigint PRIMARY KEY);
INSERT INTO fk."order" VALUES (7);
CREATE TABLE fk.audit (legacy_id text);
CREATE FUNCTION fk.audit() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO fk.audit VALUES (NEW.x_legacy_id); RETURN NEW; END $$;
CREATE FUNCTION fk.audit_quarantine() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO fk.audit VALUES (NEW.legacy_key); RETURN NEW; END $$;
CREATE FUNCTION fk.audit_map() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO fk.audit VALUES (NEW.legacy_id); RETURN NEW; END $$;
`;
const child = (table: string, extra = '') => `
CREATE TABLE fk.${table} (
  id bigserial PRIMARY KEY,
  parent_id bigint REFERENCES fk.parent (id),
  note text,${extra}
  x_legacy_id text, x_source_system text, x_migration_batch text,
  UNIQUE (x_source_system, x_legacy_id));`;

function specFor(table: string): EntitySpec {
  return {
    entity: table,
    wave: 'wave-test',
    seedRef: 'test',
    source: { system: 'fk_test', table, key: 'id' },
    target: { table: `fk.${table}`, legacyKey: 'x_legacy_id' },
    fields: [
      { target: 'parent_id', source: 'parent', kind: 'integer' },
      { target: 'note', source: 'note', kind: 'text' },
    ],
  };
}

const compile = (table: string) =>
  compileSpec(specFor(table), { sourceColumns: ['id', 'parent', 'note'], asOf: '2026-06-30' });

/** A second session, as another user of the target would be. */
async function otherSession(): Promise<Db> {
  return postgresDialect.connect(scratch.targetUrl);
}

function chunkOf(parents: (string | null)[]): Chunk {
  const chunk = emptyChunk();
  parents.forEach((parent, i) => {
    const key = String(i + 1);
    const row = { id: key, parent, note: `n${key}` };
    chunk.extracted++;
    chunk.loads.push({ key, values: { x_legacy_id: key, parent_id: parent, note: row.note }, row });
  });
  return chunk;
}

let scratch: ScratchDatabases;
let target: Db;

beforeAll(async () => {
  scratch = await scratchDatabases('foreign-key-plan');
  target = await postgresDialect.connect(scratch.targetUrl);
  await applyTargetSchema(target);
  await target.exec(DDL);
  await target.exec(child('plain') + child('audited') + child('unwritten'));
  await target.exec(
    `CREATE TRIGGER audit AFTER INSERT ON fk.audited FOR EACH ROW EXECUTE FUNCTION fk.audit();
     CREATE TABLE fk.lines (id bigserial PRIMARY KEY, parent_id bigint REFERENCES fk."order" (id),
       note text, x_legacy_id text, x_source_system text, x_migration_batch text,
       UNIQUE (x_source_system, x_legacy_id));
     CREATE TABLE fk.full_match (id bigserial PRIMARY KEY, parent_id bigint, note text,
       FOREIGN KEY (parent_id, note) REFERENCES fk.pair (a, b) MATCH FULL,
       x_legacy_id text, x_source_system text, x_migration_batch text,
       UNIQUE (x_source_system, x_legacy_id));
     CREATE TABLE fk.defaulted (id bigserial PRIMARY KEY, parent_id bigint DEFAULT 1 REFERENCES fk.parent (id),
       other_id bigint REFERENCES fk.parent (id), note text,
       x_legacy_id text, x_source_system text, x_migration_batch text, UNIQUE (x_source_system, x_legacy_id))`,
  );
});

afterAll(async () => {
  await target?.close();
  await scratch?.dispose();
});

async function loadedKeys(table: string): Promise<string[]> {
  const { rows } = await target.query(
    `SELECT x_legacy_id FROM fk.${table} ORDER BY x_legacy_id::int`,
  );
  return rows.map((r) => r[0] ?? '');
}

describe('foreign keys on the bulk path', () => {
  it('a superuser loading a table without triggers of its own checks the references by query', async () => {
    const plan = await foreignKeyPlan(target, compile('plain'));
    expect(plan).toEqual({
      checkByQuery: true,
      foreignKeys: [
        {
          name: 'plain_parent_id_fkey',
          parent: 'fk.parent',
          columns: ['parent_id'],
          parentColumns: ['id'],
        },
      ],
    });
  });

  it('loads a clean chunk in one go, a NULL reference included (MATCH SIMPLE)', async () => {
    const ctx = { target, compiled: compile('plain'), batchId: 'b-clean' };
    const result = await writeChunk(ctx, chunkOf(['1', null, '2']));
    expect(result).toMatchObject({ loaded: 3, rejected: [], rowByRow: false });
    expect(await loadedKeys('plain')).toEqual(['1', '2', '3']);
    // The switch is for the INSERT's transaction only.
    const { rows } = await target.query('SHOW session_replication_role');
    expect(rows).toEqual([['origin']]);
  });

  it('a dangling reference sends the chunk row by row: the target refuses that row (LOAD01), the rest load', async () => {
    await target.exec('TRUNCATE fk.plain; DELETE FROM migration.id_map');
    const ctx = { target, compiled: compile('plain'), batchId: 'b-dangling' };
    const result = await writeChunk(ctx, chunkOf(['1', '99', '2']));
    expect(result.rowByRow).toBe(true);
    expect(result.loaded).toBe(2);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ key: '2', reason: 'LOAD01' });
    expect(result.rejected[0]?.message).toContain('plain_parent_id_fkey');
    expect(await loadedKeys('plain')).toEqual(['1', '3']);
  });

  it('the INSERT runs without the row triggers: a parent row another session holds locked does not stop it', async () => {
    await target.exec('TRUNCATE fk.plain; DELETE FROM migration.id_map');
    // A foreign-key trigger share-locks the parent row; FOR UPDATE in another session
    // conflicts with that lock, so only the bypass loads the chunk before lock_timeout.
    await using holder = await otherSession();
    await using loader = await otherSession();
    await loader.exec("SET lock_timeout = '1s'");
    const result = await holder.transaction(async (tx) => {
      await tx.query('SELECT id FROM fk.parent WHERE id = 1 FOR UPDATE');
      return writeChunk(
        { target: loader, compiled: compile('plain'), batchId: 'b-locked' },
        chunkOf(['1', '2']),
      );
    });
    expect(result).toMatchObject({ loaded: 2, rejected: [], rowByRow: false });
  });

  it("resets the session to 'origin' before the chunk's bookkeeping: a trigger on the quarantine fires", async () => {
    await target.exec(
      `TRUNCATE fk.plain, fk.audit; DELETE FROM migration.id_map;
       CREATE TRIGGER audit_quarantine AFTER INSERT ON migration.quarantine
         FOR EACH ROW EXECUTE FUNCTION fk.audit_quarantine()`,
    );
    try {
      const chunk = chunkOf(['1']);
      chunk.extracted++;
      chunk.quarantines.push({
        key: 'q1',
        reason: 'MIG004',
        field: 'note',
        message: 'planted',
        row: { id: 'q1' },
      });
      const result = await writeChunk(
        { target, compiled: compile('plain'), batchId: 'b-reset' },
        chunk,
      );
      expect(result).toMatchObject({ loaded: 1, rowByRow: false });
      const { rows } = await target.query('SELECT legacy_id FROM fk.audit');
      expect(rows).toEqual([['q1']]);
    } finally {
      await target.exec('DROP TRIGGER audit_quarantine ON migration.quarantine; TRUNCATE fk.audit');
    }
  });

  it('a trigger on migration.id_map, which the same INSERT writes, keeps the triggers on', async () => {
    await target.exec(
      `CREATE TRIGGER audit_map AFTER INSERT ON migration.id_map
         FOR EACH ROW EXECUTE FUNCTION fk.audit_map()`,
    );
    try {
      const compiled = compile('unwritten');
      expect((await foreignKeyPlan(target, compiled)).checkByQuery).toBe(false);
    } finally {
      await target.exec('DROP TRIGGER audit_map ON migration.id_map');
    }
  });

  it('a parent whose name needs quoting is probed; a MATCH FULL key is left to its trigger', async () => {
    const lines = compile('lines');
    const plan = await foreignKeyPlan(target, lines);
    expect(plan).toMatchObject({ checkByQuery: true, foreignKeys: [{ parent: 'fk."order"' }] });
    const result = await writeChunk(
      { target, compiled: lines, batchId: 'b-order' },
      chunkOf(['7', '8']),
    );
    expect(result).toMatchObject({ loaded: 1, rowByRow: true });
    expect(result.rejected[0]?.message).toContain('lines_parent_id_fkey');

    expect((await foreignKeyPlan(target, compile('full_match'))).checkByQuery).toBe(false);
  });

  it("a table with a trigger of its own keeps every trigger on: the ERP's audit still fires", async () => {
    const compiled = compile('audited');
    expect((await foreignKeyPlan(target, compiled)).checkByQuery).toBe(false);
    const result = await writeChunk(
      { target, compiled, batchId: 'b-audited' },
      chunkOf(['1', '2', '1']),
    );
    expect(result).toMatchObject({ loaded: 3, rowByRow: false });
    const { rows } = await target.query('SELECT legacy_id FROM fk.audit ORDER BY 1');
    expect(rows.flat()).toEqual(['1', '2', '3']);
  });

  it('a reference the load leaves NULL is not probed; one left to a default is not bypassed', async () => {
    const unwritten = specFor('unwritten');
    const noParent = {
      ...unwritten,
      fields: unwritten.fields.filter((f) => f.target !== 'parent_id'),
    };
    const plain = await foreignKeyPlan(
      target,
      compileSpec(noParent, { sourceColumns: ['id', 'note'], asOf: '2026-06-30' }),
    );
    expect(plain.foreignKeys).toEqual([]);
    expect(plain.checkByQuery).toBe(false);

    const defaulted = await foreignKeyPlan(
      target,
      compileSpec(
        { ...specFor('defaulted'), fields: [{ target: 'note', source: 'note', kind: 'text' }] },
        { sourceColumns: ['id', 'note'], asOf: '2026-06-30' },
      ),
    );
    // parent_id's default points at a parent, so it stays; other_id is NULL, so it goes.
    expect(defaulted.foreignKeys.map((fk) => fk.columns)).toEqual([['parent_id']]);
    expect(defaulted.checkByQuery).toBe(false);
  });

  it('a role that may not set session_replication_role keeps the triggers, and still loads', async () => {
    const role = `fk_loader_${randomBytes(3).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await target.exec(
      `CREATE ROLE ${role} LOGIN PASSWORD '${password}';
       GRANT USAGE ON SCHEMA fk, migration TO ${role};
       GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA fk, migration TO ${role};
       GRANT REFERENCES ON fk.parent TO ${role};
       GRANT USAGE ON ALL SEQUENCES IN SCHEMA fk, migration TO ${role}`,
    );
    const url = new URL(scratch.targetUrl);
    url.username = role;
    url.password = password;
    try {
      await using loader = await postgresDialect.connect(url.toString());
      const compiled = compile('unwritten');
      expect((await foreignKeyPlan(loader, compiled)).checkByQuery).toBe(false);
      const result = await writeChunk(
        { target: loader, compiled, batchId: 'b-role' },
        chunkOf(['2', '99']),
      );
      expect(result).toMatchObject({ loaded: 1, rowByRow: true });
      expect(result.rejected.map((r) => r.reason)).toEqual(['LOAD01']);
    } finally {
      // Roles belong to the server, not the scratch database.
      await target.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});
