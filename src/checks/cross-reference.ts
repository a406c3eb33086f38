import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

/** A query on one database returning (child key, parent legacy key) or (parent legacy key). */
export interface KeyQuery {
  label: string;
  db: Db;
  sql: string;
  params?: readonly unknown[];
}

export interface CrossReferenceOptions {
  /** Rows returning `child key, parent legacy key` (NULL parent: no reference, skipped). */
  children: KeyQuery;
  /** Rows returning one parent legacy key each. */
  parents: KeyQuery;
  /**
   * 'present': every referenced parent must be among `parents` (a target row whose legacy
   * parent does not exist). 'absent': none may be (a legacy child loaded although its parent
   * was quarantined).
   */
  expect: 'present' | 'absent';
}

/**
 * Referential integrity across two databases after id remapping: keys are compared as
 * legacy keys, so the check is independent of the target's new ids. The parent keys are
 * held in Node (a set of ids, tens of thousands at most); children stream past them.
 */
export async function crossReference(
  meta: CheckMeta,
  options: CrossReferenceOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const { children, parents } = options;
  const known = new Set<string>();
  for await (const [key] of parents.db.stream(parents.sql, parents.params ?? []))
    if (key !== null && key !== undefined) known.add(key);
  const failures = new FailureList();
  let checked = 0;
  for await (const [child, parent] of children.db.stream(children.sql, children.params ?? [])) {
    if (parent === null || parent === undefined) continue;
    checked += 1;
    const found = known.has(parent);
    if (found !== (options.expect === 'present')) {
      failures.add({
        key: child ?? '',
        actual: parent,
        message:
          options.expect === 'present'
            ? `its parent ${parent} is not in ${parents.label}`
            : `its parent ${parent} is in ${parents.label}`,
      });
    }
  }
  return buildResult(meta, {
    kind: 'cross-reference',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${failures.count} of ${checked} ${children.label} ${options.expect === 'present' ? 'reference a parent missing from' : 'reference a parent in'} ${parents.label}`,
    startedAt,
    failures,
    source: checked.toString(),
    target: failures.count.toString(),
    tolerance: '0',
    unit: 'rows',
  });
}
