import type { Db } from '../core/dialect.ts';
import {
  catalogIdent,
  danglingProbe,
  KEY_COLUMNS_JSON,
  MAY_TURN_TRIGGERS_OFF,
  onlyForeignKeyTriggers,
  type ForeignKey,
} from './foreign-key-plan.ts';

/** A foreign key as the rollback checks it: the referencing (child) table and the key. */
export interface IncomingKey extends ForeignKey {
  child: string;
  /** The referenced table as the rollback names it ('sales.order'). */
  table: string;
}

/**
 * Below this many rows deleted from referenced tables, the per-row triggers cost less than
 * one scan of every referencing table.
 */
export const BY_QUERY_FROM_ROWS = 10_000;

/**
 * How a rollback's DELETEs keep the foreign keys that point at the rows they remove.
 * PostgreSQL checks them with a trigger per deleted row and referencing key: 5.7 µs a row,
 * 0.18 s of the 32k history sales orders of doc, a sixth of wave 4's rollback. Where it is
 * safe, the rollback turns the triggers off for a table's DELETE (as the loader's bulk
 * INSERT does, foreign-key-plan.ts) and then checks every key pointing at such a table in
 * one query (`danglingAfterDeleteSql`); a reference left without its row throws, and the
 * rollback's transaction undoes everything, as the trigger's error would have.
 *
 * Safe means: the role may set session_replication_role (a superuser: the harness's own
 * target) and has it at 'origin'; the table holds no trigger but those of foreign keys (an
 * ERP's audit trigger must still fire); every key pointing at it is NO ACTION or RESTRICT
 * (a CASCADE or SET NULL, like an animal's mother, is work the trigger does) and MATCH
 * SIMPLE (what the query checks). Returns the safe tables and the keys pointing at them;
 * none when the role may not.
 */
export async function tablesSafeWithoutTriggers(
  tx: Db,
  tables: readonly string[],
): Promise<{ safe: Set<string>; keys: IncomingKey[] }> {
  const none = { safe: new Set<string>(), keys: [] };
  if (tx.dialect.name !== 'postgres' || tables.length === 0) return none;
  const { rows } = await tx.query(
    `WITH t AS (SELECT name, to_regclass(name) AS oid FROM unnest($1::text[]) AS name),
          safe AS (
            SELECT name, oid FROM t
             WHERE ${onlyForeignKeyTriggers('t.oid')}
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                WHERE c.contype = 'f' AND c.confrelid = t.oid
                                  AND (c.confdeltype NOT IN ('a', 'r') OR c.confmatchtype <> 's')))
     SELECT ${MAY_TURN_TRIGGERS_OFF},
            (SELECT coalesce(json_agg(name), '[]')::text FROM safe),
            (SELECT coalesce(json_agg(json_build_object(
                      'name', c.conname,
                      'child', c.conrelid::regclass::text,
                      'parent', c.confrelid::regclass::text,
                      'table', s.name,
                      ${KEY_COLUMNS_JSON})
                      ORDER BY c.conname), '[]')::text
               FROM pg_constraint c JOIN safe s ON s.oid = c.confrelid WHERE c.contype = 'f')`,
    [tables],
  );
  if (rows[0]?.[0] !== 't') return none;
  return {
    safe: new Set(JSON.parse(rows[0]?.[1] ?? '[]') as string[]),
    keys: JSON.parse(rows[0]?.[2] ?? '[]') as IncomingKey[],
  };
}

/** One row: per key, the value of a referencing row whose referenced row is gone (danglingProbe). */
export function danglingAfterDeleteSql(keys: readonly IncomingKey[]): string {
  const probes = keys.map((fk) =>
    danglingProbe(
      fk,
      fk.child,
      fk.columns.map((c) => `r.${catalogIdent(c)}::text`).join(` || ',' || `),
    ),
  );
  return `SELECT ${probes.join(',\n       ')}`;
}
