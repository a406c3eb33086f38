import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';
import { withTempRows } from './with-temp-rows.ts';

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

type InMemoryKeys = { label: string; rows: readonly (readonly (string | null)[])[] };

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
 * legacy keys, so the check is independent of the target's new ids. PostgreSQL joins the
 * keys when it holds either side (see compare); otherwise the parent keys are held in Node
 * (a set of ids) and the children stream past them.
 */
export async function crossReference(
  meta: CheckMeta,
  options: CrossReferenceOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const { children, parents } = options;
  const failures = new FailureList(meta);
  const fail = (child: string | null | undefined, parent: string): void => {
    failures.add({
      key: child ?? '',
      actual: parent,
      message:
        options.expect === 'present'
          ? `its parent ${parent} is not in ${parents.label}`
          : `its parent ${parent} is in ${parents.label}`,
    });
  };
  const checked = await compare(children, parents, options.expect, fail);
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

/**
 * Where the keys meet. PostgreSQL joins them when it holds one side and the other is in
 * memory, or holds both: only failures come back. Keys already in memory only: a stream
 * may be reading from the very connection the COPY would need.
 */
function compare(
  children: KeyQuery,
  parents: KeyQuery,
  expect: CrossReferenceOptions['expect'],
  fail: (child: string | null | undefined, parent: string) => void,
): Promise<number> {
  const inMemory = (q: KeyQuery): q is InMemoryKeys => 'rows' in q && Array.isArray(q.rows);
  const postgres = (q: KeyQuery): q is Extract<KeyQuery, { db: Db }> =>
    'db' in q && q.db.dialect.name === 'postgres';
  if (postgres(children) && postgres(parents) && children.db === parents.db)
    return joinQueries(children, `(${parents.sql})`, parents.params ?? [], expect, fail);
  if (postgres(children) && inMemory(parents) && (children.params ?? []).length === 0)
    return joinCopiedParents(children, parents, expect, fail);
  if (inMemory(children) && postgres(parents))
    return compareInDatabase(children.rows, parents, expect, fail);
  return compareInNode(children, parents, expect, fail);
}

// The parent keys held in a set (tens of thousands at most); children stream past them.
async function compareInNode(
  children: KeyQuery,
  parents: KeyQuery,
  expect: CrossReferenceOptions['expect'],
  fail: (child: string | null | undefined, parent: string) => void,
): Promise<number> {
  const known = new Set<string>();
  for await (const [key] of keyRows(parents)) if (key !== null && key !== undefined) known.add(key);
  let checked = 0;
  for await (const [child, parent] of keyRows(children)) {
    if (parent === null || parent === undefined) continue;
    checked += 1;
    if (known.has(parent) !== (expect === 'present')) fail(child, parent);
  }
  return checked;
}

/**
 * Keys from Node against a PostgreSQL query: the keys go to the database in one COPY and
 * the database joins them, returning only the failures, instead of every parent key
 * crossing to Node. The keys' table lives as long as the transaction.
 */
async function compareInDatabase(
  rows: readonly (readonly (string | null)[])[],
  parents: Extract<KeyQuery, { db: Db }>,
  expect: CrossReferenceOptions['expect'],
  fail: (child: string | null | undefined, parent: string) => void,
): Promise<number> {
  let checked = 0;
  function* referencing(): Generator<(string | null)[]> {
    for (const [child, parent] of rows) {
      if (parent === null || parent === undefined) continue;
      checked += 1;
      yield [child ?? null, parent];
    }
  }
  const columns = [
    ['child', 'text'],
    ['parent', 'text'],
  ] as const;
  await withTempRows(parents.db, '_cutover_xref', columns, referencing(), async (tx) => {
    // The query's first column, whatever its name, is the parent key.
    for await (const [child, parent] of tx.stream(
      `SELECT x.child, x.parent FROM _cutover_xref x
        WHERE ${expect === 'present' ? 'NOT ' : ''}EXISTS (
          SELECT 1 FROM (${parents.sql}) AS p(parent_key) WHERE p.parent_key::text = x.parent)`,
      parents.params ?? [],
    ))
      fail(child, parent ?? '');
  });
  return checked;
}

/**
 * The children's query and the parents' on one PostgreSQL connection: one statement, the
 * children read once; its first row carries how many children reference a parent.
 */
async function joinQueries(
  children: Extract<KeyQuery, { db: Db }>,
  parentsFrom: string,
  parentParams: readonly unknown[],
  expect: CrossReferenceOptions['expect'],
  fail: (child: string | null | undefined, parent: string) => void,
  db: Db = children.db,
): Promise<number> {
  const shift = (children.params ?? []).length;
  // The parents' placeholders follow the children's: $1 of the parents becomes $(n+1).
  const parentsSql = parentsFrom.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + shift}`);
  let checked = 0;
  let first = true;
  for await (const [child, parent, count] of db.stream(
    `WITH c AS MATERIALIZED (
       SELECT child::text, parent::text FROM (${children.sql}) AS q(child, parent) WHERE parent IS NOT NULL)
     SELECT NULL, NULL, (SELECT count(*) FROM c)::text
     UNION ALL
     SELECT c.child, c.parent, NULL FROM c
      WHERE ${expect === 'present' ? 'NOT ' : ''}EXISTS (
        SELECT 1 FROM ${parentsSql} AS p(parent_key) WHERE p.parent_key::text = c.parent)`,
    [...(children.params ?? []), ...parentParams],
  )) {
    if (first) {
      first = false;
      checked = Number(count ?? 0);
      continue;
    }
    fail(child, parent ?? '');
  }
  return checked;
}

/**
 * The children's query on PostgreSQL against parent keys held in Node: the parents go to
 * the database in one COPY (fewer than the children, and no child row crosses to Node).
 */
async function joinCopiedParents(
  children: Extract<KeyQuery, { db: Db }>,
  parents: InMemoryKeys,
  expect: CrossReferenceOptions['expect'],
  fail: (child: string | null | undefined, parent: string) => void,
): Promise<number> {
  function* keys(): Generator<(string | null)[]> {
    for (const [key] of parents.rows) if (key !== null && key !== undefined) yield [key];
  }
  return withTempRows(children.db, '_cutover_parents', [['parent_key', 'text']], keys(), (tx) =>
    joinQueries(children, '_cutover_parents', [], expect, fail, tx),
  );
}
