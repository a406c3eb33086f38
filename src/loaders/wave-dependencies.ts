import type { EntitySpec } from '../rules/spec.ts';

export interface PlanOptions {
  /**
   * Every entity that reads the legacy database gets a connection of its own. Without it
   * they share one, which streams one query at a time, so they wait for each other.
   */
  legacyPerEntity?: boolean;
}

/**
 * For each entity of a wave (in load order), the earlier entities it must wait for: one
 * looks the other up, both look up the same parents, both write the same target table (the
 * register dedupes against the farm app's animals), a scope rule hands records from one to
 * the other, or both read a shared legacy connection. Everything else may load at the same
 * time on its own target connection, so milk readings start as soon as the farm app's
 * animals are in, without waiting for the Excel register.
 *
 * Two entities with the same parents wait for each other because the target's foreign-key
 * checks share-lock the parent rows: two open transactions locking the same row make
 * PostgreSQL record both in a multixact, for every such row, and on the history wave of doc
 * that cost more database time than loading them side by side saved (bench/load.ts). The
 * bulk path skips those locks where it checks the keys by query (ForeignKeyPlan), but not
 * for a role that is no superuser or a table with triggers of its own, so the rule stays:
 * without it the history wave of doc was no faster (12.6-12.9 s either way, both cores busy).
 */
export function waveDependencies(
  entities: readonly { spec: EntitySpec }[],
  options: PlanOptions = {},
): number[][] {
  const touches = entities.map(({ spec }) => touchPoints(spec, options));
  return touches.map((a, i) => touches.flatMap((b, j) => (j < i && clash(a, b) ? [j] : [])));
}

export function readsLegacyDatabase(spec: EntitySpec): boolean {
  return (
    spec.source.kind === undefined ||
    spec.source.kind === 'mysql' ||
    spec.source.children?.kind === 'mysql'
  );
}

interface Touches {
  reads: Set<string>;
  writes: Set<string>;
}

function clash(a: Touches, b: Touches): boolean {
  return (
    [...a.writes].some((p) => b.writes.has(p) || b.reads.has(p)) ||
    [...a.reads].some((p) => b.writes.has(p) || b.reads.has(p))
  );
}

// A shared legacy connection counts as written (one query at a time).
function touchPoints(spec: EntitySpec, options: PlanOptions): Touches {
  const writes = new Set([`entity:${spec.entity}`, `table:${spec.target.table}`]);
  const reads = new Set<string>();
  if (readsLegacyDatabase(spec) && !options.legacyPerEntity) writes.add('legacy-db');
  for (const field of spec.fields) {
    const lookup = field.lookup;
    if (lookup === undefined) continue;
    if (lookup.byTarget !== undefined) reads.add(`table:${lookup.byTarget.table}`);
    for (const entity of typeof lookup.entity === 'string' ? [lookup.entity] : lookup.entity)
      reads.add(`entity:${entity}`);
  }
  for (const rule of spec.scope ?? [])
    if ('elsewhere' in rule && rule.elsewhere) writes.add(`entity:${rule.elsewhere}`);
  return { reads, writes };
}
