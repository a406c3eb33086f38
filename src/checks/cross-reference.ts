import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';
import { withTempRows } from '../etl/with-temp-rows.ts';
import { sameRowSet } from './set-digest.ts';

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
  const { checked, byDigest } = await compare(children, parents, options.expect, fail);
  return buildResult(meta, {
    kind: 'cross-reference',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${failures.count} of ${checked} ${children.label} ${options.expect === 'present' ? 'reference a parent missing from' : 'reference a parent in'} ${parents.label}${byDigest ? " (the key sets' digests agree)" : ''}`,
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
 * memory (one COPY), or holds both on one connection: only failures come back. Keys
 * already in memory only: a stream may be reading from the very connection the COPY needs.
 */
async function compare(
  children: KeyQuery,
  parents: KeyQuery,
  expect: CrossReferenceOptions['expect'],
  fail: Fail,
): Promise<{ checked: number; byDigest: boolean }> {
  const inMemory = (q: KeyQuery): q is InMemoryKeys => 'rows' in q && Array.isArray(q.rows);
  const postgres = (q: KeyQuery): q is QueryKeys => 'db' in q && q.db.dialect.name === 'postgres';
  // Parameters of the children's query would number the parents' from $1 too: such a pair
  // is compared in Node rather than renumbered inside SQL text.
  const plain = (q: QueryKeys) => (q.params ?? []).length === 0;
  if (postgres(children) && plain(children) && postgres(parents) && children.db === parents.db)
    return {
      checked: await joinInDatabase(
        children.db,
        children.sql,
        parents.sql,
        parents.params,
        expect,
        fail,
      ),
      byDigest: false,
    };
  if (postgres(children) && inMemory(parents)) {
    const keys = (function* () {
      for (const [key] of parents.rows) if (key !== null && key !== undefined) yield [key];
    })();
    const checked = await withTempRows(
      children.db,
      '_cutover_parents',
      [['parent_key', 'text']],
      keys,
      (tx) =>
        joinInDatabase(
          tx,
          children.sql,
          'SELECT parent_key FROM _cutover_parents',
          children.params,
          expect,
          fail,
        ),
    );
    return { checked, byDigest: false };
  }
  if (inMemory(children) && postgres(parents)) {
    if (expect === 'present') {
      const checked = await sameKeys(children, parents);
      if (checked !== undefined) return { checked, byDigest: true };
    }
    const referencing = (function* () {
      for (const [child, parent] of children.rows)
        if (parent !== null && parent !== undefined) yield [child ?? null, parent];
    })();
    const columns = [
      ['child', 'text'],
      ['parent', 'text'],
    ] as const;
    const checked = await withTempRows(parents.db, '_cutover_xref', columns, referencing, (tx) =>
      joinInDatabase(
        tx,
        'SELECT child, parent FROM _cutover_xref',
        parents.sql,
        parents.params,
        expect,
        fail,
      ),
    );
    return { checked, byDigest: false };
  }
  return { checked: await compareInNode(children, parents, expect, fail), byDigest: false };
}

/**
 * The clean case of "every legacy record is accounted for": the children reference exactly
 * the parents' keys, each as often. Both sides are digested as multisets (SetDigest), Node's
 * while the server reads its own; equal digests mean every child's parent is present, and
 * the number of children checked is returned. Undefined when they differ (a parent without
 * children, a key held twice, a missing parent, a key holding the digest's separator): the
 * keys are then joined to name each child at fault.
 */
async function sameKeys(children: InMemoryKeys, parents: QueryKeys): Promise<number | undefined> {
  const { agree, count } = await sameRowSet(
    {
      db: parents.db,
      rowTexts: ['parent_key::text'],
      from: `(${parents.sql}) AS p(parent_key) WHERE parent_key IS NOT NULL`,
      ...(parents.params === undefined ? {} : { params: parents.params }),
    },
    (function* () {
      for (const [, parent] of children.rows)
        if (parent !== null && parent !== undefined) yield [parent];
    })(),
  );
  return agree ? count : undefined;
}

type Fail = (child: string | null | undefined, parent: string) => void;
type QueryKeys = Extract<KeyQuery, { db: Db }>;

// The parent keys held in a set (tens of thousands at most); children stream past them.
async function compareInNode(
  children: KeyQuery,
  parents: KeyQuery,
  expect: CrossReferenceOptions['expect'],
  fail: Fail,
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
 * One statement on one PostgreSQL connection: the children's query (its first column the
 * child key, its second the parent key; NULL parents skipped) read once into a CTE, the
 * children that fail against the parents' query, and a row counting the children checked
 * (the only row whose third column is set). `params` belong to one of the two queries only
 * (the other's table is a temporary one, or it takes none).
 */
async function joinInDatabase(
  db: Db,
  childrenSql: string,
  parentsSql: string,
  params: readonly unknown[] | undefined,
  expect: CrossReferenceOptions['expect'],
  fail: Fail,
): Promise<number> {
  let checked = 0;
  for await (const [child, parent, count] of db.stream(
    `WITH c AS MATERIALIZED (
       SELECT child::text, parent::text FROM (${childrenSql}) AS q(child, parent) WHERE parent IS NOT NULL)
     SELECT NULL, NULL, (SELECT count(*) FROM c)::text
     UNION ALL
     SELECT c.child, c.parent, NULL FROM c
      WHERE ${expect === 'present' ? 'NOT ' : ''}EXISTS (
        SELECT 1 FROM (${parentsSql}) AS p(parent_key) WHERE p.parent_key::text = c.parent)`,
    params ?? [],
  )) {
    if (count !== null && count !== undefined) checked = Number(count);
    else fail(child, parent ?? '');
  }
  return checked;
}
