import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

export interface RelationOptions {
  db: Db;
  /** The referencing table: order lines, move lines, animals. */
  child: { table: string; keyColumn: string; fkColumn: string; where?: string };
  /** The referenced table: orders, moves, animals (for mother/father). */
  parent: { table: string; idColumn: string; keyColumn?: string; where?: string };
}

/**
 * Orphans inside one database (000 §8.3, 003: 0 orphaned records): child rows whose
 * reference is set but points at no parent row. Named by the child's key.
 */
export async function orphans(meta: CheckMeta, options: RelationOptions): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, child, parent } = options;
  const q = (name: string) => db.dialect.quoteIdent(name);
  const parentScope = parent.where === undefined ? '' : ` AND (${parent.where})`;
  const childScope = child.where === undefined ? '' : ` AND (${child.where})`;
  const sql =
    `SELECT c.${q(child.keyColumn)}, c.${q(child.fkColumn)} FROM ${q(child.table)} c ` +
    `WHERE c.${q(child.fkColumn)} IS NOT NULL${childScope} AND NOT EXISTS ` +
    `(SELECT 1 FROM ${q(parent.table)} p WHERE p.${q(parent.idColumn)} = c.${q(child.fkColumn)}${parentScope}) ` +
    `ORDER BY 1`;
  const failures = new FailureList(meta);
  for await (const [key, ref] of db.stream(sql)) {
    failures.add({
      key: key ?? '',
      field: child.fkColumn,
      actual: ref ?? null,
      message: `points at no ${parent.table} row`,
    });
  }
  return relationResult(
    meta,
    'orphans',
    failures,
    startedAt,
    `${child.table}.${child.fkColumn} -> ${parent.table}`,
  );
}

/**
 * Parents that must have children and have none: moves without lines, orders without lines.
 * Named by the parent's key.
 */
export async function childless(meta: CheckMeta, options: RelationOptions): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, child, parent } = options;
  const q = (name: string) => db.dialect.quoteIdent(name);
  const parentScope = parent.where === undefined ? '' : ` WHERE ${parent.where}`;
  const childScope = child.where === undefined ? '' : ` AND (${child.where})`;
  const key = parent.keyColumn ?? parent.idColumn;
  const sql =
    `SELECT p.${q(key)} FROM ${q(parent.table)} p${parentScope}${parentScope ? ' AND' : ' WHERE'} NOT EXISTS ` +
    `(SELECT 1 FROM ${q(child.table)} c WHERE c.${q(child.fkColumn)} = p.${q(parent.idColumn)}${childScope}) ORDER BY 1`;
  const failures = new FailureList(meta);
  for await (const [k] of db.stream(sql)) {
    failures.add({ key: k ?? '', message: `has no ${child.table} rows` });
  }
  return relationResult(
    meta,
    'childless',
    failures,
    startedAt,
    `${parent.table} without ${child.table}`,
  );
}

function relationResult(
  meta: CheckMeta,
  kind: string,
  failures: FailureList,
  startedAt: number,
  what: string,
): CheckResult {
  return buildResult(meta, {
    kind,
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${failures.count} ${kind === 'orphans' ? 'orphaned rows' : 'rows'}: ${what}`,
    startedAt,
    failures,
    target: failures.count.toString(),
    tolerance: '0',
    unit: 'rows',
  });
}
