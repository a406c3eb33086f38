import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db, RawRow } from '../core/dialect.ts';
import type { CheckResult } from '../core/check-result.ts';
import { mysqlDialect, postgresDialect } from '../dialects/index.ts';
import { scratchDatabases, type ScratchDatabases } from '../../tests/support/scratch.ts';
import { aggregate, groupedRowCount } from './aggregate.ts';
import type { CheckMeta } from './check-meta.ts';
import { crossReference } from './cross-reference.ts';
import { applyDispositions, parseDispositions } from './dispositions.ts';
import { balancedEntries, storedTotals } from './double-entry.ts';
import { historyCompleteness } from './history-completeness.ts';
import { windowStart } from './history-window.ts';
import { childless, orphans } from './orphans.ts';
import { pedigree } from './pedigree.ts';
import { pushdownChecksum, type PushdownSide } from './pushdown-checksum.ts';
import { rate, successRate } from './success-rate.ts';

// The catalogue beyond the first checks: each primitive passes a clean case and catches a
// planted defect naming its exact key, on real MariaDB (legacy) and PostgreSQL (target).
const meta = (id: string): CheckMeta => ({
  id,
  title: id,
  criterion: 'financial-totals',
  seedRef: 'test',
});
let scratch: ScratchDatabases;
let legacy: Db;
let target: Db;

const ORDERS = 3000;
/** Orders spread over 24 months from 2024-07; amounts with paisa; every 7th cancelled. */
function orderRows(): RawRow[] {
  return Array.from({ length: ORDERS }, (_v, i) => {
    const id = i + 1;
    const month = (i % 24) + 7; // 7..30 -> 2024-07 .. 2026-06
    const y = 2024 + Math.floor((month - 1) / 12);
    const m = ((month - 1) % 12) + 1;
    const day = (i % 28) + 1;
    const date = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const amount = `${(id * 37) % 100000}.${String(id % 100).padStart(2, '0')}`;
    return [String(id), String((id % 50) + 1), date, amount, id % 7 === 0 ? 'cancelled' : 'done'];
  });
}

beforeAll(async () => {
  scratch = await scratchDatabases('catalogue');
  legacy = await mysqlDialect.connect(scratch.legacyUrl);
  target = await postgresDialect.connect(scratch.targetUrl);
  await legacy.exec(`CREATE TABLE sales_orders (order_id INT PRIMARY KEY, customer_id INT, order_date DATE,
    total_amount DECIMAL(15,2), status VARCHAR(20))`);
  await target.exec(`CREATE TABLE sale_order (id BIGSERIAL PRIMARY KEY, x_legacy_id TEXT, partner_legacy_id TEXT,
    date_order DATE, amount_total NUMERIC(15,2), state TEXT)`);
  const rows = orderRows();
  await legacy.bulkLoad(
    'sales_orders',
    ['order_id', 'customer_id', 'order_date', 'total_amount', 'status'],
    rows,
  );
  await target.bulkLoad(
    'sale_order',
    ['x_legacy_id', 'partner_legacy_id', 'date_order', 'amount_total', 'state'],
    rows,
  );
});

afterAll(async () => {
  await legacy?.close();
  await target?.close();
  await scratch?.dispose();
});

/** Applies a change to the target for one test and undoes it afterwards. */
async function withTarget(change: string, undo: string, work: () => Promise<void>): Promise<void> {
  await target.exec(change);
  try {
    await work();
  } finally {
    await target.exec(undo);
  }
}

describe('aggregate: totals and every group within an absolute tolerance, exact decimals', () => {
  const byMonth = () =>
    aggregate(meta('agg'), {
      source: {
        label: 'legacy',
        db: legacy,
        sql: `SELECT ${legacy.dialect.periodExpr('order_date', 'month')}, SUM(total_amount) FROM sales_orders GROUP BY 1`,
      },
      target: {
        label: 'target',
        db: target,
        sql: `SELECT ${target.dialect.periodExpr('date_order', 'month')}, SUM(amount_total) FROM sale_order GROUP BY 1`,
      },
      tolerance: '1.00',
    });

  it('passes a clean load with 24 months reported, and a BDT 0.60 shift inside the tolerance', async () => {
    const clean = await byMonth();
    expect(clean.status).toBe('pass');
    expect(clean.groups).toHaveLength(24);
    expect(clean.source).toBe(clean.target);
    await withTarget(
      `UPDATE sale_order SET amount_total = amount_total + 0.60 WHERE x_legacy_id = '10'`,
      `UPDATE sale_order SET amount_total = amount_total - 0.60 WHERE x_legacy_id = '10'`,
      async () => {
        const shifted = await byMonth();
        expect(shifted.status).toBe('pass');
        expect(shifted.difference).toBe('0.60');
      },
    );
  });

  it('fails a BDT 1.50 shift naming its month, with both figures', async () => {
    await withTarget(
      `UPDATE sale_order SET amount_total = amount_total + 1.50 WHERE x_legacy_id = '10'`,
      `UPDATE sale_order SET amount_total = amount_total - 1.50 WHERE x_legacy_id = '10'`,
      async () => {
        const result = await byMonth();
        expect(result.status).toBe('fail');
        // Order 10 falls in 2025-04 (index 9 -> month 16).
        expect(result.failures.map((f) => f.key)).toEqual(['2025-04', 'total']);
        expect(result.groups?.find((g) => g.group === '2025-04')).toMatchObject({
          difference: '1.50',
          status: 'fail',
        });
      },
    );
  });

  it('fails both months of two opposite errors that cancel in the total', async () => {
    await withTarget(
      `UPDATE sale_order SET amount_total = amount_total + 25.00 WHERE x_legacy_id = '1'; UPDATE sale_order SET amount_total = amount_total - 25.00 WHERE x_legacy_id = '2'`,
      `UPDATE sale_order SET amount_total = amount_total - 25.00 WHERE x_legacy_id = '1'; UPDATE sale_order SET amount_total = amount_total + 25.00 WHERE x_legacy_id = '2'`,
      async () => {
        const result = await byMonth();
        expect(result.difference).toBe('0.00');
        expect(result.status).toBe('fail');
        expect(result.failures.map((f) => `${f.key} ${f.expected} -> ${f.actual}`)).toHaveLength(2);
        expect(result.failures.map((f) => f.key)).toEqual(['2024-07', '2024-08']);
      },
    );
  });

  it('sums a Source stream in bigint minor units against SUM() in the database, by partner', async () => {
    const exported = orderRows().map((r) => [r[1] ?? '', r[3] ?? null] as const);
    const sql = 'SELECT partner_legacy_id, SUM(amount_total) FROM sale_order GROUP BY 1';
    const clean = await aggregate(meta('agg'), {
      source: { label: 'export', rows: exported },
      target: { label: 'target', db: target, sql },
      tolerance: '1.00',
    });
    expect(clean.status).toBe('pass');
    expect(clean.groups).toHaveLength(50);
    const drifted = exported.map(([p, a], i) =>
      i === 0 ? ([p, '0.01'] as const) : ([p, a] as const),
    );
    const result = await aggregate(meta('agg'), {
      source: { label: 'export', rows: drifted },
      target: { label: 'target', db: target, sql },
      tolerance: '1.00',
    });
    expect(result.failures.map((f) => f.key)).toEqual(['2', 'total']);
  });

  it('counts rows by status, every status reported, and names the status a dropped row came from', async () => {
    const counts = () =>
      groupedRowCount(meta('rc'), {
        source: {
          label: 'legacy',
          db: legacy,
          sql: 'SELECT status, COUNT(*) FROM sales_orders GROUP BY status',
        },
        target: {
          label: 'target',
          db: target,
          sql: 'SELECT state, COUNT(*) FROM sale_order GROUP BY state',
        },
      });
    expect((await counts()).status).toBe('pass');
    await withTarget(
      `UPDATE sale_order SET state = 'gone' WHERE x_legacy_id = '14'`,
      `UPDATE sale_order SET state = 'cancelled' WHERE x_legacy_id = '14'`,
      async () => {
        const result = await counts();
        expect(result.failures.map((f) => f.key)).toEqual(['cancelled', 'gone']);
        expect(result.kind).toBe('row-count');
      },
    );
  });
});

describe('pushdownChecksum: identity fields hashed inside both databases by key range', () => {
  const sides = (): { legacy: PushdownSide; target: PushdownSide } => ({
    legacy: {
      db: legacy,
      table: 'sales_orders',
      keyExpr: 'order_id',
      columns: [
        { column: 'partner', kind: 'integer', expr: 'customer_id' },
        { column: 'date', kind: 'date', expr: 'order_date' },
        { column: 'amount', kind: 'decimal2', expr: 'total_amount' },
      ],
    },
    target: {
      db: target,
      table: 'sale_order',
      keyExpr: 'CAST(x_legacy_id AS DECIMAL(20,0))',
      columns: [
        { column: 'partner', kind: 'integer', expr: 'partner_legacy_id' },
        { column: 'date', kind: 'date', expr: 'date_order' },
        { column: 'amount', kind: 'decimal2', expr: 'amount_total' },
      ],
    },
  });

  it('passes in one range pair when both sides agree', async () => {
    const result = await pushdownChecksum(meta('pd'), sides());
    expect(result.status).toBe('pass');
    expect(result.stats).toEqual({ rangeQueries: 1, rowsFetched: 0 });
    expect(result.source).toBe(String(ORDERS));
  });

  it('bisects to the one changed row, naming key, field, expected and actual, reading only a leaf range', async () => {
    await withTarget(
      `UPDATE sale_order SET amount_total = amount_total + 0.01 WHERE x_legacy_id = '1234'`,
      `UPDATE sale_order SET amount_total = amount_total - 0.01 WHERE x_legacy_id = '1234'`,
      async () => {
        const result = await pushdownChecksum(meta('pd'), sides());
        expect(result.status).toBe('fail');
        const legacyAmount =
          (await legacy.query('SELECT total_amount FROM sales_orders WHERE order_id = 1234'))
            .rows[0]?.[0] ?? '';
        expect(result.failures).toEqual([
          {
            key: '1234',
            field: 'amount',
            expected: legacyAmount,
            actual: (BigInt(legacyAmount.replace('.', '')) + 1n)
              .toString()
              .replace(/(\d\d)$/, '.$1'),
          },
        ]);
        expect(result.stats.rowsFetched).toBeLessThanOrEqual(2 * 64);
        expect(result.stats.rangeQueries).toBeLessThan(60);
      },
    );
  });

  it('names a row missing from the target and one the legacy never had', async () => {
    await withTarget(
      `CREATE TABLE kept AS SELECT * FROM sale_order WHERE x_legacy_id = '77'; DELETE FROM sale_order WHERE x_legacy_id = '77';
       INSERT INTO sale_order (x_legacy_id, partner_legacy_id, date_order, amount_total, state) VALUES ('3001', '1', '2025-01-01', 1, 'done')`,
      `INSERT INTO sale_order SELECT * FROM kept; DROP TABLE kept; DELETE FROM sale_order WHERE x_legacy_id = '3001'`,
      async () => {
        const result = await pushdownChecksum(meta('pd'), sides());
        expect(result.failures.map((f) => [f.key, f.message])).toEqual([
          ['77', 'in the legacy range, missing from the target'],
          ['3001', 'in the target without a legacy record'],
        ]);
        // A key the rules keep out (quarantined) is left out of the legacy side, inside SQL.
        const ruled = sides();
        const excluded = await pushdownChecksum(meta('pd'), {
          legacy: { ...ruled.legacy, excludeKeys: ['77', 'not-a-number'] },
          target: ruled.target,
        });
        expect(excluded.failures.map((f) => f.key)).toEqual(['3001']);
      },
    );
  });
});

describe('orphans and childless parents inside the target', () => {
  beforeAll(async () => {
    await target.exec(`CREATE TABLE so_line (id INT PRIMARY KEY, x_legacy_id TEXT, order_id BIGINT);
      INSERT INTO so_line SELECT id, 'L' || id, id FROM sale_order;`);
  });

  it('passes when every line has an order and every order a line; names the orphan and the bare order', async () => {
    const options = {
      db: target,
      child: { table: 'so_line', keyColumn: 'x_legacy_id', fkColumn: 'order_id' },
      parent: { table: 'sale_order', idColumn: 'id', keyColumn: 'x_legacy_id' },
    };
    expect((await orphans(meta('or'), options)).status).toBe('pass');
    expect((await childless(meta('ch'), options)).status).toBe('pass');
    await withTarget(
      `UPDATE so_line SET order_id = 999999 WHERE id = 5`,
      `UPDATE so_line SET order_id = 5 WHERE id = 5`,
      async () => {
        const orphan = await orphans(meta('or'), options);
        expect(orphan.failures).toMatchObject([{ key: 'L5', field: 'order_id', actual: '999999' }]);
        const bare = await childless(meta('ch'), options);
        expect(bare.failures.map((f) => f.key)).toEqual(['5']);
      },
    );
  });
});

describe('crossReference: integrity across the databases after id remapping', () => {
  it('names a target row whose legacy parent does not exist', async () => {
    const parents = {
      label: 'legacy customers',
      db: legacy,
      sql: 'SELECT DISTINCT customer_id FROM sales_orders',
    };
    const children = {
      label: 'target orders',
      db: target,
      sql: 'SELECT x_legacy_id, partner_legacy_id FROM sale_order',
    };
    expect(
      (await crossReference(meta('xr'), { children, parents, expect: 'present' })).status,
    ).toBe('pass');
    await withTarget(
      `UPDATE sale_order SET partner_legacy_id = '404' WHERE x_legacy_id = '9'`,
      `UPDATE sale_order SET partner_legacy_id = '10' WHERE x_legacy_id = '9'`,
      async () => {
        const result = await crossReference(meta('xr'), { children, parents, expect: 'present' });
        expect(result.failures).toMatchObject([{ key: '9', actual: '404' }]);
      },
    );
  });

  it('names a loaded child whose parent was quarantined', async () => {
    await target.exec(
      `CREATE TABLE quarantine (legacy_key TEXT); INSERT INTO quarantine VALUES ('999')`,
    );
    const parents = { label: 'quarantine', db: target, sql: 'SELECT legacy_key FROM quarantine' };
    const children = {
      label: 'target orders',
      db: target,
      sql: 'SELECT x_legacy_id, partner_legacy_id FROM sale_order',
    };
    expect((await crossReference(meta('xr'), { children, parents, expect: 'absent' })).status).toBe(
      'pass',
    );
    await target.exec(`INSERT INTO quarantine VALUES ('17')`);
    const result = await crossReference(meta('xr'), { children, parents, expect: 'absent' });
    const expected = (
      await target.query(
        `SELECT x_legacy_id FROM sale_order WHERE partner_legacy_id = '17' ORDER BY id`,
      )
    ).rows.map((r) => r[0]);
    expect(result.failures.map((f) => f.key)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('keys from Node against a PostgreSQL query are joined in the database, failures named, nothing left behind', async () => {
    const parents = {
      label: 'target orders',
      db: target,
      sql: 'SELECT x_legacy_id AS order_key FROM sale_order',
    };
    const { rows } = await target.query('SELECT x_legacy_id FROM sale_order ORDER BY id');
    const keys = rows.map((r) => r[0] ?? '');
    const every = keys.map((k) => [`line-of-${k}`, k] as const);
    // Children referencing exactly the parents: settled by the two sides' digests, no COPY.
    const bulkLoad = vi.spyOn(target, 'bulkLoad');
    try {
      const same = await crossReference(meta('xr'), {
        children: { label: 'legacy lines', rows: every },
        parents,
        expect: 'present',
      });
      expect(same).toMatchObject({ status: 'pass', source: String(every.length) });
      expect(same.summary).toContain("(the key sets' digests agree)");
      expect(bulkLoad).not.toHaveBeenCalled();
      // A parent nobody references, a parent referenced twice: not the same set, still no
      // parent missing, found by the join.
      for (const rows of [every.slice(1), [...every, ['line-2', keys[0]!] as const]]) {
        const subset = await crossReference(meta('xr'), {
          children: { label: 'legacy lines', rows },
          parents,
          expect: 'present',
        });
        expect(subset).toMatchObject({ status: 'pass', source: String(rows.length) });
        expect(subset.summary).not.toContain('digests');
      }
      expect(bulkLoad).toHaveBeenCalledTimes(2);
    } finally {
      bulkLoad.mockRestore();
    }
    const lost = [...every, ['line-x', 'no-such-order'] as const, ['line-y', null] as const];
    const present = await crossReference(meta('xr'), {
      children: { label: 'legacy lines', rows: lost },
      parents,
      expect: 'present',
    });
    expect(present.failures).toMatchObject([{ key: 'line-x', actual: 'no-such-order' }]);
    expect(present.summary).toContain(`1 of ${every.length + 1} legacy lines`);
    const absent = await crossReference(meta('xr'), {
      children: { label: 'legacy lines', rows: lost },
      parents,
      expect: 'absent',
    });
    expect(absent.failingCount).toBe(every.length);
    expect(absent.failures.map((f) => f.key)).toEqual(
      every.slice(0, absent.failures.length).map(([child]) => child),
    );
    expect(
      (await target.query("SELECT to_regclass('pg_temp._cutover_xref') IS NULL")).rows,
    ).toEqual([['t']]);
  });
  it('a PostgreSQL query of children against keys from Node or another query: joined in the database, failures named', async () => {
    const children = {
      label: 'target orders',
      db: target,
      sql: 'SELECT x_legacy_id, partner_legacy_id FROM sale_order',
    };
    const { rows } = await target.query(
      'SELECT DISTINCT partner_legacy_id FROM sale_order WHERE partner_legacy_id IS NOT NULL ORDER BY 1',
    );
    const partners = rows.map((r) => [r[0] ?? ''] as const);
    const referencing = Number(
      (await target.query('SELECT count(partner_legacy_id) FROM sale_order')).rows[0]?.[0],
    );
    const [dropped] = partners[0]!;
    const orphaned = (
      await target.query('SELECT x_legacy_id FROM sale_order WHERE partner_legacy_id = $1', [
        dropped,
      ])
    ).rows.map((r) => r[0]);
    expect(orphaned.length).toBeGreaterThan(0);
    const keysOf = (r: CheckResult) => r.failures.map((f) => f.key).sort();
    // Which path ran: the keys go in by one COPY, the children's query is never streamed
    // to Node on its own.
    const bulkLoad = vi.spyOn(target, 'bulkLoad');
    const stream = vi.spyOn(target, 'stream');
    try {
      const all = await crossReference(meta('xr'), {
        children,
        parents: { label: 'legacy partners', rows: partners },
        expect: 'present',
      });
      expect(all.status).toBe('pass');
      expect(all.summary).toContain(`0 of ${referencing} target orders`);
      expect(bulkLoad.mock.calls.map((c) => c[0])).toEqual(['_cutover_parents']);
      expect(stream.mock.calls.map((c) => c[0])).not.toContain(children.sql);
      const present = await crossReference(meta('xr'), {
        children,
        parents: { label: 'legacy partners', rows: partners.slice(1) },
        expect: 'present',
      });
      expect(keysOf(present)).toEqual([...orphaned].sort());
      expect(present.failures.every((f) => f.actual === dropped)).toBe(true);
      const absent = await crossReference(meta('xr'), {
        children,
        parents: { label: 'quarantined partners', rows: [[dropped]] },
        expect: 'absent',
      });
      expect(keysOf(absent)).toEqual([...orphaned].sort());
      // Both queries on the one connection: one statement, nothing copied, parameters kept.
      bulkLoad.mockClear();
      stream.mockClear();
      const joined = await crossReference(meta('xr'), {
        children,
        parents: {
          label: 'partners but one',
          db: target,
          sql: 'SELECT DISTINCT partner_legacy_id FROM sale_order WHERE partner_legacy_id <> $1',
          params: [dropped],
        },
        expect: 'present',
      });
      expect(keysOf(joined)).toEqual([...orphaned].sort());
      expect(joined.summary).toContain(`${orphaned.length} of ${referencing} target orders`);
      expect(bulkLoad).not.toHaveBeenCalled();
      expect(stream).toHaveBeenCalledTimes(1);
    } finally {
      bulkLoad.mockRestore();
      stream.mockRestore();
    }
  });
});

describe('pedigree: parents exist, mother female, father male, parents older, no cycles', () => {
  beforeAll(async () => {
    await target.exec(`CREATE TABLE animal (id INT PRIMARY KEY, tag TEXT, mother_id INT, father_id INT, gender TEXT, birth_date DATE);
      INSERT INTO animal VALUES (1, 'SD-1', NULL, NULL, 'female', '2015-01-01'), (2, 'SD-2', NULL, NULL, 'male', '2014-05-01'),
        (3, 'SD-3', 1, 2, 'female', '2019-03-01'), (4, 'SD-4', 3, 2, 'male', '2022-08-15'), (5, 'SD-5', 3, NULL, 'Female', '2023-01-01');`);
  });
  const check = () =>
    pedigree(meta('pg'), {
      db: target,
      table: 'animal',
      keyColumn: 'tag',
      idColumn: 'id',
      motherColumn: 'mother_id',
      fatherColumn: 'father_id',
      sexColumn: 'gender',
      birthColumn: 'birth_date',
    });

  it('passes a sound herd', async () => {
    const result = await check();
    expect(result.failures).toEqual([]);
    expect(result.source).toBe('5');
  });

  it('names a calf whose mother is missing, a male mother and a father younger than his calf', async () => {
    await withTarget(
      `UPDATE animal SET mother_id = 99 WHERE id = 4; UPDATE animal SET mother_id = 2 WHERE id = 5`,
      `UPDATE animal SET mother_id = 3 WHERE id IN (4, 5)`,
      async () => {
        const result = await check();
        expect(result.failures.map((f) => `${f.key} ${f.message}`)).toEqual([
          'SD-4 mother does not exist',
          'SD-5 mother SD-2 is male',
        ]);
      },
    );
    await withTarget(
      `UPDATE animal SET birth_date = '2023-01-01' WHERE id = 2`,
      `UPDATE animal SET birth_date = '2014-05-01' WHERE id = 2`,
      async () => {
        const result = await check();
        expect(result.failures.map((f) => f.key)).toEqual(['SD-3', 'SD-4']);
      },
    );
  });

  it('names a cycle once', async () => {
    await withTarget(
      `UPDATE animal SET mother_id = 5, birth_date = NULL WHERE id = 1`,
      `UPDATE animal SET mother_id = NULL, birth_date = '2015-01-01' WHERE id = 1`,
      async () => {
        const result = await check();
        const cycles = result.failures.filter((f) => f.message?.startsWith('pedigree cycle'));
        expect(cycles.map((f) => [f.key, f.message])).toEqual([
          ['SD-1', 'pedigree cycle: SD-1 -> SD-5 -> SD-3'],
        ]);
        expect(result.failures).toHaveLength(1);
      },
    );
  });
});

describe('double entry: moves balance, stored balances equal their lines', () => {
  beforeAll(async () => {
    await target.exec(`CREATE TABLE move (id INT PRIMARY KEY, name TEXT, amount_total NUMERIC(15,2));
      CREATE TABLE move_line (id SERIAL PRIMARY KEY, move_id INT, account_id INT, debit NUMERIC(15,2), credit NUMERIC(15,2));
      CREATE TABLE account (id INT PRIMARY KEY, code TEXT, balance NUMERIC(15,2));
      INSERT INTO account VALUES (1, '1000', 0), (2, '4000', 0);
      INSERT INTO move SELECT g, 'JV/' || g, g * 10.25 FROM generate_series(1, 200) g;
      INSERT INTO move_line (move_id, account_id, debit, credit) SELECT g, 1, g * 10.25, 0 FROM generate_series(1, 200) g;
      INSERT INTO move_line (move_id, account_id, debit, credit) SELECT g, 2, 0, g * 10.25 FROM generate_series(1, 200) g;
      UPDATE account a SET balance = (SELECT SUM(debit - credit) FROM move_line l WHERE l.account_id = a.id);`);
  });
  const entries = { table: 'move', idColumn: 'id', keyColumn: 'name' };
  const lines = {
    table: 'move_line',
    entryColumn: 'move_id',
    debitColumn: 'debit',
    creditColumn: 'credit',
  };

  it('passes balanced moves; names the one unbalanced by a paisa', async () => {
    expect((await balancedEntries(meta('de'), { db: target, entries, lines })).status).toBe('pass');
    await withTarget(
      `UPDATE move_line SET credit = credit + 0.01 WHERE move_id = 42 AND credit > 0`,
      `UPDATE move_line SET credit = credit - 0.01 WHERE move_id = 42 AND credit > 0`,
      async () => {
        const result = await balancedEntries(meta('de'), { db: target, entries, lines });
        expect(result.failures).toMatchObject([{ key: 'JV/42', message: 'off by -0.01' }]);
        // Only the entries the check is about: another entity's unbalanced move is not its.
        const others = await balancedEntries(meta('de'), {
          db: target,
          entries: { ...entries, where: 'e.id <> 42' },
          lines,
        });
        expect([others.status, others.summary]).toEqual([
          'pass',
          '0 of 199 entries do not balance',
        ]);
      },
    );
  });

  it('passes balances equal to their lines; names the account whose balance drifted', async () => {
    const options = {
      db: target,
      parent: { table: 'account', idColumn: 'id', keyColumn: 'code', valueColumn: 'balance' },
      child: { table: 'move_line', fkColumn: 'account_id', amountExpr: 'debit - credit' },
    };
    expect((await storedTotals(meta('st'), options)).status).toBe('pass');
    await withTarget(
      `UPDATE account SET balance = balance + 1 WHERE id = 2`,
      `UPDATE account SET balance = balance - 1 WHERE id = 2`,
      async () => {
        const result = await storedTotals(meta('st'), options);
        expect(result.failures).toMatchObject([
          {
            key: '4000',
            field: 'balance',
            expected: '-206025.00',
            actual: '-206024.00',
            message: 'stored figure differs from its lines by 1.00',
          },
        ]);
        expect(result.summary).toBe(
          '1 of 2 account.balance differ from the sum of their move_line rows',
        );
      },
    );
  });

  it('tells a difference inside the tolerance from one at it; a move without lines must hold zero', async () => {
    const options = (tolerance?: string) => ({
      db: target,
      parent: { table: 'move', idColumn: 'id', keyColumn: 'name', valueColumn: 'amount_total' },
      child: { table: 'move_line', fkColumn: 'move_id', amountExpr: 'debit' },
      ...(tolerance === undefined ? {} : { tolerance }),
    });
    expect((await storedTotals(meta('st'), options())).status).toBe('pass');
    await withTarget(
      `UPDATE move SET amount_total = amount_total + 0.99 WHERE id = 7;
       UPDATE move SET amount_total = amount_total - 1.00 WHERE id = 8;
       INSERT INTO move VALUES (201, 'JV/201', 0.01), (202, 'JV/202', NULL)`,
      `UPDATE move SET amount_total = amount_total - 0.99 WHERE id = 7;
       UPDATE move SET amount_total = amount_total + 1.00 WHERE id = 8;
       DELETE FROM move WHERE id > 200`,
      async () => {
        const exact = await storedTotals(meta('st'), options());
        expect(exact.failures.map((f) => [f.key, f.message])).toEqual([
          ['JV/201', 'stored figure differs from its lines by 0.01'],
          ['JV/7', 'stored figure differs from its lines by 0.99'],
          ['JV/8', 'stored figure differs from its lines by -1.00'],
        ]);
        const withinOne = await storedTotals(meta('st'), options('1.00'));
        expect(withinOne.failures.map((f) => f.key)).toEqual(['JV/8']);
        expect(withinOne.source).toBe('202');
        // The caller's filter stays whole: a balanced move it selects is not reported.
        const some = await storedTotals(meta('st'), {
          ...options(),
          parent: { ...options().parent, where: 'p.id = 1 OR p.id = 8' },
        });
        expect([some.source, some.failures.map((f) => f.key)]).toEqual(['2', ['JV/8']]);
      },
    );
  });
});

describe('historyCompleteness: every month of the window present, nothing older leaked', () => {
  const asOf = '2026-06-30T18:00:00Z';
  const check = () =>
    historyCompleteness(meta('hc'), {
      period: 'month',
      from: windowStart(asOf).slice(0, 7),
      to: asOf.slice(0, 7),
      legacy: { db: legacy, table: 'sales_orders', dateExpr: 'order_date' },
      target: { db: target, table: 'sale_order', dateExpr: 'date_order', keyColumn: 'x_legacy_id' },
      leakedBefore: windowStart(asOf).slice(0, 10),
    });

  it('passes 24 months present', async () => {
    const result = await check();
    expect(result.failures).toEqual([]);
    expect(result.summary).toMatch(
      /^24 of 24 legacy months of 2024-06\.\.2026-06 present; 0 records older/,
    );
  });

  it('names the month the target lost and the record older than the window', async () => {
    await target.exec(
      `CREATE TABLE lost AS SELECT * FROM sale_order WHERE date_order >= '2025-02-01' AND date_order < '2025-03-01'`,
    );
    await withTarget(
      `DELETE FROM sale_order WHERE date_order >= '2025-02-01' AND date_order < '2025-03-01'; UPDATE sale_order SET date_order = '2024-06-29' WHERE x_legacy_id = '1'`,
      `INSERT INTO sale_order SELECT * FROM lost; UPDATE sale_order SET date_order = '2024-07-01' WHERE x_legacy_id = '1'; DROP TABLE lost`,
      async () => {
        const result = await check();
        expect(result.failures.map((f) => f.key)).toEqual(['2025-02', '1']);
      },
    );
  });
});

describe('successRate with dispositions (seed 003 figures; accepted exceptions do not gate)', () => {
  const components = () => [
    {
      component: 'Orders',
      source: { db: legacy, sql: 'SELECT COUNT(*) FROM sales_orders' },
      migrated: {
        db: target,
        sql: "SELECT COUNT(*) FROM sale_order WHERE state IN ('done', 'cancelled')",
      },
      exceptions: {
        db: target,
        sql: "SELECT x_legacy_id, 'DUP001', 'duplicate' FROM sale_order WHERE state = 'quarantined' ORDER BY id",
      },
    },
  ];

  it('computes seed 003 rates exactly', () => {
    expect(rate(16011n, 16014n)).toBe('99.98%');
    expect(rate(93n, 166n)).toBe('56.02%');
    expect(rate(783n, 963n)).toBe('81.31%');
    expect(rate(0n, 0n)).toBe('100.00%');
  });

  it('passes at 100%; fails on an exception until a disposition accepts it, by key or by code', async () => {
    expect((await successRate(meta('sr'), { components: components() })).status).toBe('pass');
    await withTarget(
      `UPDATE sale_order SET state = 'quarantined' WHERE x_legacy_id IN ('3', '5')`,
      `UPDATE sale_order SET state = 'done' WHERE x_legacy_id IN ('3', '5')`,
      async () => {
        const failing = await successRate(meta('sr'), { components: components() });
        expect(failing.status).toBe('fail');
        expect(failing.groups?.[0]).toMatchObject({
          group: 'Orders',
          source: '3000',
          target: '2998',
          difference: '-2 (99.93%)',
        });
        const one = parseDispositions(
          JSON.stringify({
            dispositions: [
              {
                check: 'sr',
                key: '3',
                reason: 'test order',
                acceptedBy: 'R. Karim',
                acceptedAt: '2026-06-29',
              },
            ],
          }),
        );
        const partly = applyDispositions(failing, one);
        expect(partly.status).toBe('fail');
        expect(partly.failures.map((f) => [f.key, f.acceptedBy])).toEqual([
          ['3', 'R. Karim, 2026-06-29: test order'],
          ['5', undefined],
        ]);
        const byCode = parseDispositions(
          JSON.stringify({
            dispositions: [
              {
                check: 's*',
                key: '*',
                code: 'DUP001',
                reason: 'merged',
                acceptedBy: 'Finance',
                acceptedAt: '2026-06-29',
              },
            ],
          }),
        );
        const accepted = applyDispositions(failing, byCode);
        expect(accepted.status).toBe('accepted');
        expect(accepted.groups?.[0]?.status).toBe('accepted');
      },
    );
  });

  it('counts accepted failures exactly beyond the kept sample when the suite hands dispositions to the check', async () => {
    const many = [
      {
        component: 'Orders',
        source: { count: () => Promise.resolve(3000) },
        migrated: { count: () => Promise.resolve(2700) },
        exceptions: {
          db: target,
          sql: "SELECT x_legacy_id, CASE WHEN x_legacy_id = '299' THEN 'LOAD01' ELSE 'DUP001' END, 'dup' FROM sale_order WHERE id <= 300 ORDER BY id",
        },
      },
    ];
    const byCode = parseDispositions(
      JSON.stringify({
        dispositions: [
          {
            check: 'sr',
            key: '*',
            code: 'DUP001',
            reason: 'merged',
            acceptedBy: 'Finance',
            acceptedAt: '2026-06-29',
          },
        ],
      }),
    );
    const one = await successRate({ ...meta('sr'), dispositions: byCode }, { components: many });
    expect(one.failingCount).toBe(300);
    expect(one.failures).toHaveLength(200);
    expect(one.status).toBe('fail');
    expect(one.summary).toMatch(/299 of 300 failures accepted$/);
    const all = await successRate(
      { ...meta('sr'), dispositions: [...byCode, { ...byCode[0]!, code: 'LOAD01', key: '299' }] },
      { components: many },
    );
    expect(all.status).toBe('accepted');
  });

  it('fails when records are neither migrated nor listed, and refuses a bare wildcard disposition', async () => {
    await withTarget(
      `UPDATE sale_order SET state = 'lost' WHERE x_legacy_id = '8'`,
      `UPDATE sale_order SET state = 'done' WHERE x_legacy_id = '8'`,
      async () => {
        const result = await successRate(meta('sr'), { components: components() });
        expect(result.failures).toMatchObject([
          { key: 'Orders', message: '1 records neither migrated nor listed as exceptions' },
        ]);
      },
    );
    expect(() =>
      parseDispositions(
        JSON.stringify({
          dispositions: [
            { check: '*', key: '*', reason: 'x', acceptedBy: 'y', acceptedAt: '2026-01-01' },
          ],
        }),
      ),
    ).toThrow(/needs a code/);
  });
});
