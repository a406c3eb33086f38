import type { EntitySpec } from '../rules/spec.ts';

/**
 * Splits a wave's entities (in load order) into groups that never touch each other, so the
 * groups can load at the same time on their own target connections. Two entities share a
 * group when one looks the other up, when they write the same target table (the register
 * dedupes against the farm app's animals), when a scope rule hands records from one to the
 * other, or when both read the legacy database (one connection streams one query at a
 * time). Within a group the wave's order holds: parents first.
 */
export function independentGroups<T extends { spec: EntitySpec }>(entities: readonly T[]): T[][] {
  const parent = entities.map((_e, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  const touches = entities.map(({ spec }) => touchPoints(spec));
  const clash = (a: Touches, b: Touches): boolean =>
    [...a.writes].some((p) => b.writes.has(p) || b.reads.has(p)) ||
    [...a.reads].some((p) => b.writes.has(p));
  for (let a = 0; a < entities.length; a++)
    for (let b = 0; b < a; b++) if (clash(touches[a]!, touches[b]!)) union(a, b);
  const groups = new Map<number, T[]>();
  entities.forEach((entity, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), entity]);
  });
  return [...groups.values()];
}

interface Touches {
  reads: Set<string>;
  writes: Set<string>;
}

// Parents of an earlier wave are only read, so two readers of the chart of accounts are
// still independent; the legacy connection counts as written (one query at a time).
function touchPoints(spec: EntitySpec): Touches {
  const writes = new Set([`entity:${spec.entity}`, `table:${spec.target.table}`]);
  const reads = new Set<string>();
  if (spec.source.kind === undefined || spec.source.kind === 'mysql') writes.add('legacy-db');
  if (spec.source.children?.kind === 'mysql') writes.add('legacy-db');
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
