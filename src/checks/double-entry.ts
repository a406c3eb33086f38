import type { CheckResult } from '../core/check-result.ts';
import { fromMinorUnits, toMinorUnits } from '../core/canonical.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

export interface BalancedEntriesOptions {
  db: Db;
  entries: { table: string; idColumn: string; keyColumn: string; where?: string };
  lines: { table: string; entryColumn: string; debitColumn: string; creditColumn: string };
}

/**
 * Double entry (004: journal entries balance, 0 unbalanced): per entry, the sum of debits
 * equals the sum of credits exactly. Sums are DECIMAL inside the database; only unbalanced
 * entries come back, with both sums as text.
 */
export async function balancedEntries(
  meta: CheckMeta,
  options: BalancedEntriesOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, entries: e, lines: l } = options;
  const q = (n: string) => db.dialect.quoteIdent(n);
  const [debits, credits] = [q(l.debitColumn), q(l.creditColumn)];
  // Lines summed per entry id (an integer) before the join, and only unbalanced entries
  // joined for their key: grouping the joined rows by the text key took 240-330 ms on doc's
  // vouchers, this 90-105 ms.
  const sql =
    `SELECT e.${q(e.keyColumn)}, s.debit, s.credit FROM ${q(e.table)} e JOIN ` +
    `(SELECT ${q(l.entryColumn)} AS entry, COALESCE(SUM(${debits}), 0) AS debit, COALESCE(SUM(${credits}), 0) AS credit ` +
    `FROM ${q(l.table)} GROUP BY ${q(l.entryColumn)} HAVING COALESCE(SUM(${debits}), 0) <> COALESCE(SUM(${credits}), 0)) s ` +
    `ON s.entry = e.${q(e.idColumn)}${e.where ? ` WHERE ${e.where}` : ''} ORDER BY 1`;
  const failures = new FailureList(meta);
  for await (const [key, debit, credit] of db.stream(sql)) {
    const diff = toMinorUnits(debit ?? '0', 2) - toMinorUnits(credit ?? '0', 2);
    failures.add({
      key: key ?? '',
      expected: `debit ${debit} = credit`,
      actual: `credit ${credit}`,
      message: `off by ${fromMinorUnits(diff, 2)}`,
    });
  }
  const { rows } = await db.query(
    `SELECT COUNT(*) FROM ${q(e.table)} e${e.where ? ` WHERE ${e.where}` : ''}`,
  );
  return buildResult(meta, {
    kind: 'balanced-entries',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${failures.count} of ${rows[0]?.[0] ?? '0'} entries do not balance`,
    startedAt,
    failures,
    source: rows[0]?.[0] ?? '0',
    target: failures.count.toString(),
    tolerance: '0',
    unit: 'entries',
  });
}

export interface StoredTotalsOptions {
  db: Db;
  /** The row holding a stored figure: an account's balance, an order's total. */
  parent: {
    table: string;
    idColumn: string;
    keyColumn: string;
    valueColumn: string;
    where?: string;
  };
  /** Its lines; `amountExpr` is a SQL expression over the line (e.g. `debit - credit`). */
  child: { table: string; fkColumn: string; amountExpr: string; where?: string };
  /** Absolute tolerance, exclusive; default exact ('0.01' means difference < 0.01). */
  tolerance?: string;
}

/**
 * Stored figures equal the sum of their lines (004: account balances accurate; an order's
 * total equals its lines). A parent without lines must hold zero.
 */
export async function storedTotals(
  meta: CheckMeta,
  options: StoredTotalsOptions,
): Promise<CheckResult> {
  const startedAt = performance.now();
  const { db, parent: p, child: c } = options;
  const q = (n: string) => db.dialect.quoteIdent(n);
  const tolerance = fromMinorUnits(toMinorUnits(options.tolerance ?? '0.01', 2), 2);
  const where = p.where ? ` WHERE ${p.where}` : '';
  // Compared inside the database in DECIMAL, both figures rounded to cents as before: only
  // the rows that differ come back (every voucher of doc streamed to Node took 0.3 s). A
  // grouped derived table joins once (hash join); a correlated subquery would probe per
  // row. A parent without lines must hold zero.
  const cents = (expr: string) => `ROUND(CAST(COALESCE(${expr}, 0) AS DECIMAL(38, 12)), 2)`;
  const sql =
    `SELECT k, v, summed, stored - summed FROM (SELECT p.${q(p.keyColumn)} AS k, p.${q(p.valueColumn)} AS v, ` +
    `${cents(`p.${q(p.valueColumn)}`)} AS stored, ${cents('s.total')} AS summed FROM ${q(p.table)} p LEFT JOIN ` +
    `(SELECT ${q(c.fkColumn)} AS fk, SUM(${c.amountExpr}) AS total FROM ${q(c.table)}${c.where ? ` WHERE ${c.where}` : ''} GROUP BY ${q(c.fkColumn)}) s ` +
    `ON s.fk = p.${q(p.idColumn)}${where}) compared WHERE ABS(stored - summed) >= ${tolerance} ORDER BY 1`;
  const failures = new FailureList(meta);
  for await (const [key, value, total, diff] of db.stream(sql)) {
    failures.add({
      key: key ?? '',
      field: p.valueColumn,
      expected: total ?? '0.00',
      actual: value ?? null,
      message: `stored figure differs from its lines by ${diff ?? ''}`,
    });
  }
  const { rows: counted } = await db.query(`SELECT COUNT(*) FROM ${q(p.table)} p${where}`);
  const rows = counted[0]?.[0] ?? '0';
  return buildResult(meta, {
    kind: 'stored-totals',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${failures.count} of ${rows} ${p.table}.${p.valueColumn} differ from the sum of their ${c.table} rows`,
    startedAt,
    failures,
    source: rows,
    target: failures.count.toString(),
    tolerance: options.tolerance === undefined ? '0' : `< ${options.tolerance}`,
    unit: 'rows',
  });
}
