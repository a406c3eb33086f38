import { sourceError } from '../core/source.ts';

/**
 * The columns a database source reads when its caller names the ones it needs (`wanted`):
 * those and the key columns, in the table's order. Reading fewer columns is most of what a
 * consumer of a few fields saves (a SQLite value costs a call into the driver). A name the
 * table does not have is an error that names it; no `wanted` reads every column. The
 * records come in the same order as whole ones only when the key orders them fully (a
 * primary key, as every legacy table has): with ties, a server may read a projection
 * through another index, in another order.
 */
export function projectedColumns(
  name: string,
  all: readonly string[],
  keys: readonly string[],
  wanted: readonly string[] | undefined,
): string[] {
  if (wanted === undefined) return [...all];
  const unknown = wanted.filter((column) => !all.includes(column));
  if (unknown.length > 0)
    throw sourceError(
      name,
      `no column ${unknown.map((c) => `'${c}'`).join(', ')} to read (columns: ${all.join(', ')})`,
    );
  const read = new Set([...keys, ...wanted]);
  return all.filter((column) => read.has(column));
}
