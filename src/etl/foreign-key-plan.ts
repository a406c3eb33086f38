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
 * Turning the triggers off must turn off nothing but those checks, so the bypass needs all
 * of: the role may set session_replication_role (a superuser: the harness's own target) and
 * the session has it at 'origin'; an ordinary table (not partitioned: a partition's own
 * triggers are not seen here); no trigger on it, or on migration.id_map (the same INSERT
 * writes it), other than those of foreign keys (an ERP's audit trigger, a deferrable unique
 * constraint's, must still fire); foreign keys of MATCH SIMPLE only (what the query checks);
 * every foreign-key column that can hold a reference staged by the load (one left to a
 * default, or written beside the staged columns like x_migration_batch, could point at a
 * parent the query does not see; one without a default is NULL, which is never checked).
 * What it gives up is the share lock that stops another session deleting a parent while
 * the chunk commits: nothing deletes parents during a migration wave, and the orphan suites
 * would show it if something did.
 */
export interface ForeignKeyPlan {
  /** Set session_replication_role = replica around the INSERT and check by query. */
  checkByQuery: boolean;
  foreignKeys: ForeignKey[];
}

/**
 * json_build_object entries of a foreign key `c` (a pg_constraint row): its columns and the
 * parent's, in key order, as ForeignKey holds them.
 */
export const KEY_COLUMNS_JSON = `'columns', (SELECT json_agg(a.attname ORDER BY k.i)
                    FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
      'parentColumns', (SELECT json_agg(a.attname ORDER BY k.i)
                          FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)`;

/** SQL: whether this session may turn triggers off (session_replication_role). */
export const MAY_TURN_TRIGGERS_OFF = `current_setting('is_superuser') = 'on'
            AND current_setting('session_replication_role') = 'origin'`;

/**
 * SQL: whether the tables `relids` (a list of regclass expressions) hold no trigger but
 * those of foreign keys: turning the triggers off must turn off nothing else (an ERP's audit
 * trigger, a deferrable unique constraint's).
 */
export function onlyForeignKeyTriggers(relids: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_trigger g
                       LEFT JOIN pg_constraint k ON k.oid = g.tgconstraint
                      WHERE g.tgrelid IN (${relids})
                        AND (NOT g.tgisinternal OR k.contype IS DISTINCT FROM 'f'))`;
}

/** A name as the catalog holds it, as one identifier (dots included). */
export function catalogIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * SQL: one row of `from` (aliased r) whose reference through `fk` has no parent, shown by
 * `shown` (an expression over r), or NULL when every reference holds. MATCH SIMPLE, as the
 * constraint: a reference with a NULL column is not checked.
 */
export function danglingProbe(fk: ForeignKey, from: string, shown: string): string {
  const notNull = fk.columns.map((c) => `r.${catalogIdent(c)} IS NOT NULL`).join(' AND ');
  const match = fk.columns.map(
    (c, i) => `p.${catalogIdent(fk.parentColumns[i]!)} = r.${catalogIdent(c)}`,
  );
  return `(SELECT ${shown} FROM ${from} r
              WHERE ${notNull}
                AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${match.join(' AND ')})
              LIMIT 1)`;
}

/** Written by the bulk INSERT beside the staged columns. */
const WRITTEN_UNSTAGED = ['x_migration_batch'];

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
    `SELECT ${MAY_TURN_TRIGGERS_OFF}
            AND (SELECT relkind = 'r' FROM pg_class WHERE oid = $1::regclass)
            AND ${onlyForeignKeyTriggers("$1::regclass, 'migration.id_map'::regclass")},
            (SELECT coalesce(json_agg(json_build_object(
                      'name', c.conname,
                      'parent', c.confrelid::regclass::text,
                      'simple', c.confmatchtype = 's',
                      ${KEY_COLUMNS_JSON})
                      ORDER BY c.conname), '[]')::text
               FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = $1::regclass),
            (SELECT coalesce(json_agg(attname), '[]')::text
               FROM pg_attribute WHERE attrelid = $1::regclass AND atthasdef)`,
    [table],
  );
  const mayBypass = rows[0]?.[0] === 't';
  const all = JSON.parse(rows[0]?.[1] ?? '[]') as (ForeignKey & { simple: boolean })[];
  const unstagedValue = new Set([
    ...(JSON.parse(rows[0]?.[2] ?? '[]') as string[]),
    ...WRITTEN_UNSTAGED,
  ]);
  const staged = new Set(compiled.targetColumns);
  // A column the load neither stages nor gives a value is NULL, and a reference with a NULL
  // column is not checked (MATCH SIMPLE): nothing to probe.
  const foreignKeys = all
    .filter((fk) => fk.columns.every((c) => staged.has(c) || unstagedValue.has(c)))
    .map(({ simple: _simple, ...fk }) => fk);
  const checkable =
    all.every((fk) => fk.simple) &&
    foreignKeys.every((fk) => fk.columns.every((c) => staged.has(c)));
  return { checkByQuery: mayBypass && foreignKeys.length > 0 && checkable, foreignKeys };
}

/** One row: per foreign key, the legacy key of a staged row without its parent (danglingProbe). */
export function danglingReferenceSql(
  plan: ForeignKeyPlan,
  stage: string,
  legacyKey: string,
): string {
  const probes = plan.foreignKeys.map((fk) =>
    danglingProbe(fk, stage, `r.${catalogIdent(legacyKey)}::text`),
  );
  return `SELECT ${probes.join(',\n       ')}`;
}
