import type { Db } from '../core/dialect.ts';
import type { CompiledSpec } from '../rules/compile-spec.ts';
import type { ExistingClaim, ParentLookup, ParentStatus } from '../rules/spec.ts';
import { slugText } from '../rules/transforms/text.ts';

/**
 * What became of every record of the given entities, from the target's bookkeeping:
 * migrated (id_map), out of scope, quarantined. Loaded once per entity load, so a child
 * resolves its parents in memory (a few dozen bytes per parent, never per child). The
 * suites build the same lookup for their oracle.
 */
export async function loadParentLookup(
  target: Db,
  entities: readonly string[],
): Promise<ParentLookup> {
  const byEntity = new Map<string, Map<string, StoredStatus>>();
  for (const entity of new Set(entities)) {
    if (entity.startsWith(TARGET_PREFIX)) {
      byEntity.set(entity, await targetColumnIndex(target, entity.slice(TARGET_PREFIX.length)));
      continue;
    }
    const statuses = new Map<string, StoredStatus>();
    // Least to most final: a record migrated on a re-run after being quarantined counts as loaded.
    for await (const [key, reason] of target.stream(
      'SELECT legacy_key, reason_code FROM migration.quarantine WHERE entity = $1',
      [entity],
    ))
      statuses.set(key ?? '', { status: 'quarantined', reason: reason ?? '' });
    for await (const [key, rule] of target.stream(
      'SELECT legacy_key, rule FROM migration.out_of_scope WHERE entity = $1',
      [entity],
    ))
      statuses.set(key ?? '', { status: 'out-of-scope', rule: rule ?? '' });
    for await (const [key, id] of target.stream(
      'SELECT legacy_id, new_id FROM migration.id_map WHERE entity = $1',
      [entity],
    ))
      statuses.set(key ?? '', storedId(id ?? ''));
    byEntity.set(entity, statuses);
  }
  return (entity, legacyKey) => {
    const stored = byEntity.get(entity)?.get(legacyKey);
    if (typeof stored === 'number') return { status: 'loaded', id: String(stored) };
    return typeof stored === 'string' ? { status: 'loaded', id: stored } : stored;
  };
}

/**
 * A migrated parent is held as its bare id, a small integer when it is one (no allocation
 * at all): the lookups of wave 4 at `xl` hold a million and a half parents. The status
 * object is made when a child asks, and dies young.
 */
type StoredStatus = ParentStatus | string | number;

function storedId(id: string): string | number {
  return /^[1-9]\d{0,8}$/.test(id) ? Number(id) : id;
}

const TARGET_PREFIX = 'target:';

/**
 * LookupSpec.byTarget: the target rows of a table by the slug of a column (what the `slug`
 * transform makes of the legacy value), so 'Holstein-Friesian' finds 'Holstein Friesian'.
 */
async function targetColumnIndex(
  target: Db,
  tableColumn: string,
): Promise<Map<string, StoredStatus>> {
  const dot = tableColumn.lastIndexOf('.');
  const q = (name: string): string => target.dialect.quoteIdent(name);
  const index = new Map<string, StoredStatus>();
  for await (const [value, id] of target.stream(
    `SELECT ${q(tableColumn.slice(dot + 1))}::text, id::text FROM ${q(tableColumn.slice(0, dot))} ORDER BY id`,
  )) {
    const key = slugText(value ?? '');
    if (key !== '' && !index.has(key)) index.set(key, storedId(id ?? ''));
  }
  return index;
}

/**
 * Dedupe key values already held by target rows of another source (DedupeSpec.againstTarget):
 * the Excel register meets the farm app's animals in one registry.
 */
export async function loadExistingClaims(
  target: Db,
  compiled: CompiledSpec,
): Promise<ExistingClaim[]> {
  const { spec } = compiled;
  if (!spec.dedupe?.againstTarget) return [];
  const q = (name: string): string => target.dialect.quoteIdent(name);
  const claims: ExistingClaim[] = [];
  // Composite keys are within one source only (milk readings), never across sources.
  for (const field of spec.dedupe.keys) {
    if (typeof field !== 'string') continue;
    for await (const [value, system, key] of target.stream(
      `SELECT ${q(field)}::text, x_source_system, ${q(spec.target.legacyKey)} FROM ${q(spec.target.table)}
        WHERE x_source_system IS DISTINCT FROM $1 AND ${q(field)} IS NOT NULL ORDER BY id`,
      [spec.source.system],
    )) {
      claims.push({ field, value: value ?? '', system: system ?? '', key: key ?? '' });
    }
  }
  return claims;
}
