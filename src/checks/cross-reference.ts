import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

/**
 * Rows of keys: (child key, parent legacy key) or (parent legacy key); from a query on one
 * database or from a stream (a legacy Source read in Node).
 */
export type KeyQuery =
  | { label: string; db: Db; sql: string; params?: readonly unknown[] }
  | {
      label: string;
      rows: AsyncIterable<readonly (string | null)[]> | Iterable<readonly (string | null)[]>;
    };

function keyRows(
  q: KeyQuery,
): AsyncIterable<readonly (string | null)[]> | Iterable<readonly (string | null)[]> {
  return 'rows' in q ? q.rows : q.db.stream(q.sql, q.params ?? []);
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
  for await (const [key] of keyRows(parents)) if (key !== null && key !== undefined) known.add(key);
  const failures = new FailureList(meta);
  let checked = 0;
  for await (const [child, parent] of keyRows(children)) {
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
