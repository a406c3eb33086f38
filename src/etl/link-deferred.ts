import { withTempRows } from './with-temp-rows.ts';
import type { Db, RawRow } from '../core/dialect.ts';
import type { CompiledSpec } from '../rules/compile-spec.ts';
import type { LegacyRow } from '../rules/spec.ts';

const LINKS = '_cutover_links';

/**
 * The second pass of 000 §7.1 (two-pass pedigree): once every record of the entity is in,
 * each deferred reference (an animal's mother) is set to its parent's new id. It walks the
 * whole source, not only this load's records, so an animal an earlier wave loaded gets the
 * parent this wave brings; rolling this wave back unlinks it again (ON DELETE SET NULL).
 * One transaction; running it twice changes nothing.
 */
export async function linkDeferred(
  target: Db,
  compiled: CompiledSpec,
  batches: AsyncIterable<readonly LegacyRow[]>,
): Promise<number> {
  const { spec } = compiled;
  const q = (name: string): string => target.dialect.quoteIdent(name);
  const fields = compiled.fields.filter((f) => f.spec.lookup?.deferred);
  const links: RawRow[] = [];
  for await (const rows of batches)
    for (const row of rows) {
      const refs = compiled.deferredRefs(row);
      let key: string | undefined;
      for (const field of fields) {
        const ref = refs[field.spec.target] ?? null;
        if (ref !== null) links.push([(key ??= compiled.keyOf(row)), field.spec.target, ref]);
      }
    }
  const columns = [
    ['legacy_key', 'text'],
    ['field', 'text'],
    ['parent_key', 'text'],
  ] as const;
  return withTempRows(target, LINKS, columns, links, async (tx) => {
    let updated = 0;
    for (const field of fields) {
      const parents = field.parents;
      const { rows: changed } = await tx.query(
        `WITH updated AS (
           UPDATE ${q(spec.target.table)} t SET ${q(field.spec.target)} = m.new_id
             FROM ${LINKS} l JOIN migration.id_map m
               ON m.legacy_id = l.parent_key AND m.entity = ANY($3::text[])
            WHERE l.field = $2 AND t.x_source_system = $1 AND t.${q(spec.target.legacyKey)} = l.legacy_key
              AND t.${q(field.spec.target)} IS DISTINCT FROM m.new_id
              AND t.id <> m.new_id
           RETURNING 1)
         SELECT count(*) FROM updated`,
        [spec.source.system, field.spec.target, parents],
      );
      updated += Number(changed[0]?.[0] ?? 0);
    }
    return updated;
  });
}
