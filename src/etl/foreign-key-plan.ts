import type { Db } from '../core/dialect.ts';
import type { CompiledSpec } from '../rules/compile-spec.ts';

/** One foreign key of a target table: its columns and the parent's, in constraint order. */
export interface ForeignKey {
  name: string;
  /** The parent table, as PostgreSQL names it (schema-qualified where needed, quoted). */
  parent: string;
  columns: string[];
  parentColumns: string[];
}

/**
 * How the bulk path keeps a table's foreign keys. PostgreSQL checks them with a trigger per
 * inserted row and reference, which share-locks the parent row: 7-8 µs a row on the history
 * wave's order and journal lines, about half of their INSERT. Where that is safe, the bulk
 * path turns the triggers off for its INSERT (as pg_restore does) and checks every foreign
 * key of the chunk in one query instead (`danglingReferenceSql`); a chunk with a dangling
 * reference is rolled back and retried row by row with the triggers on, so the target
 * still refuses the row itself (LOAD01) and nothing changes for what is loaded.
 *
 * It is safe only when turning the triggers off turns off nothing but those checks: the
 * role may set session_replication_role (a superuser: the harness's own target), the table
 * has no trigger of its own (an ERP's audit trigger must still fire), and the load writes
 * every foreign-key column that can hold a reference (one it leaves to a default is not
 * staged, so the query could not check it; one without a default is NULL, never checked). What the check gives up is the share lock that stops
 * another session deleting a parent while the chunk commits: nothing deletes parents
 * during a migration wave, and the orphan suites would show it if something did.
 */
export interface ForeignKeyPlan {
  /** Set session_replication_role = replica around the INSERT and check by query. */
  checkByQuery: boolean;
  foreignKeys: ForeignKey[];
}

const PLANS = new WeakMap<CompiledSpec, Promise<ForeignKeyPlan>>();

/** The plan of an entity's target table: read once per compiled spec, on first use. */
export function foreignKeyPlan(db: Db, compiled: CompiledSpec): Promise<ForeignKeyPlan> {
  let plan = PLANS.get(compiled);
  if (plan === undefined) {
    plan = readPlan(db, compiled);
    // A failed read is not remembered: the next chunk asks again.
    plan.catch(() => PLANS.delete(compiled));
    PLANS.set(compiled, plan);
  }
  return plan;
}

async function readPlan(db: Db, compiled: CompiledSpec): Promise<ForeignKeyPlan> {
  const table = db.dialect.quoteIdent(compiled.spec.target.table);
  const { rows } = await db.query(
    `SELECT current_setting('is_superuser') = 'on'
            AND NOT EXISTS (SELECT 1 FROM pg_trigger
                             WHERE tgrelid = $1::regclass AND NOT tgisinternal),
            (SELECT coalesce(json_agg(json_build_object(
                      'name', c.conname,
                      'parent', c.confrelid::regclass::text,
                      'columns', (SELECT json_agg(a.attname ORDER BY k.i)
                                    FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
                      'parentColumns', (SELECT json_agg(a.attname ORDER BY k.i)
                                          FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n))
                      ORDER BY c.conname), '[]')::text
               FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = $1::regclass),
            (SELECT coalesce(json_agg(attname), '[]')::text
               FROM pg_attribute WHERE attrelid = $1::regclass AND atthasdef)`,
    [table],
  );
  const mayBypass = rows[0]?.[0] === 't' || rows[0]?.[0] === 'true';
  const all = JSON.parse(rows[0]?.[1] ?? '[]') as ForeignKey[];
  const defaulted = new Set(JSON.parse(rows[0]?.[2] ?? '[]') as string[]);
  const staged = new Set(compiled.targetColumns);
  // A column the load does not write holds its default; with none it is NULL, and a
  // reference with a NULL column is not checked (MATCH SIMPLE): nothing to probe.
  const foreignKeys = all.filter((fk) =>
    fk.columns.every((c) => staged.has(c) || defaulted.has(c)),
  );
  const allStaged = foreignKeys.every((fk) => fk.columns.every((c) => staged.has(c)));
  return {
    checkByQuery: mayBypass && foreignKeys.length > 0 && allStaged,
    foreignKeys,
  };
}

/**
 * One row: per foreign key, the legacy key of a staged row whose reference has no parent
 * (NULL when every reference holds). MATCH SIMPLE, as the constraint: a reference with a
 * NULL column is not checked.
 */
export function danglingReferenceSql(
  db: Db,
  plan: ForeignKeyPlan,
  stage: string,
  legacyKey: string,
): string {
  const q = (name: string): string => db.dialect.quoteIdent(name);
  const probes = plan.foreignKeys.map((fk) => {
    const notNull = fk.columns.map((c) => `s.${q(c)} IS NOT NULL`).join(' AND ');
    const match = fk.columns.map((c, i) => `p.${q(fk.parentColumns[i]!)} = s.${q(c)}`);
    return `(SELECT s.${q(legacyKey)}::text FROM ${stage} s
              WHERE ${notNull}
                AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${match.join(' AND ')})
              LIMIT 1)`;
  });
  return `SELECT ${probes.join(',\n       ')}`;
}
