/**
 * The checks sales and purchase orders owe in waves 3 (open) and 4 (history): totals within
 * BDT 1.00 by month and by partner, lines that belong to an order the legacy has and the
 * rules loaded. Shared by the four order suites; uses the public API only.
 */
import { describe } from 'vitest';
import { aggregate, crossReference, orphans, type EntitySpec } from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, type Migration } from 'cutover/vitest';
import { DHAKA, dhakaMonth } from './dhaka.ts';

export interface OrderSuite {
  orders: EntitySpec;
  lines: EntitySpec;
  /** 'Sales orders' or 'Purchase orders', as seed 003 names components. */
  component: string;
}

export function orderChecks(m: Migration, { orders, lines, component }: OrderSuite): void {
  migratedEntityChecks(m, orders, component);
  migratedEntityChecks(m, lines, `${component} lines`);
  const { check } = entityChecks({ wave: orders.wave, entity: orders.entity });
  const lineChecks = entityChecks({ wave: lines.wave, entity: lines.entity });
  const table = orders.target.table;
  const mine = entityRows(orders);

  describe(`001 Day 710 query 6, 000 §8.2: ${component.toLowerCase()} totals reconcile within BDT 1.00, every month and partner reported`, () => {
    const totals = async (
      group: (values: Readonly<Record<string, string | null>>) => string,
      targetGroup: string,
    ) => {
      const expected = (await m.expectations(orders)).flatMap((e) =>
        e.present ? [[group(e.values), e.values['amount_total'] ?? '0'] as const] : [],
      );
      return {
        source: { label: 'rules over legacy', rows: expected },
        target: {
          label: 'target',
          db: m.target,
          sql: `SELECT COALESCE(${targetGroup}, '(none)'), SUM(amount_total) FROM ${m.target.dialect.quoteIdent(table)} WHERE ${mine} GROUP BY 1`,
        },
        tolerance: '1.00',
        unit: 'BDT',
      };
    };
    check(
      {
        id: 'total-by-month',
        title: 'order totals per month (Dhaka) within BDT 1.00',
        criterion: 'financial-totals',
        seedRef: '001 Day 710 query 6; 000 §8.2',
      },
      m.ifLoaded(orders.entity, async (meta) =>
        aggregate(
          meta,
          await totals(
            (v) => dhakaMonth(v['date_order'] ?? null),
            m.target.dialect.periodExpr('date_order', 'month', DHAKA),
          ),
        ),
      ),
    );
    check(
      {
        id: 'total-by-partner',
        title: 'order totals per partner within BDT 1.00',
        criterion: 'financial-totals',
        seedRef: '001 Day 710 query 6; 001 §5.1 financial totals',
      },
      m.ifLoaded(orders.entity, async (meta) =>
        aggregate(
          meta,
          await totals((v) => v['partner_id'] ?? '(none)', 'CAST(partner_id AS TEXT)'),
        ),
      ),
    );
  });

  describe(`000 §8.3, 001 R-142-03: every ${component.toLowerCase()} line belongs to an order the legacy has and the rules loaded`, () => {
    // Each line with its order's legacy id, as the target links them (m.target is open
    // once the checks run, not while the file is collected).
    const targetLines = () => ({
      label: 'target lines',
      db: m.target,
      sql: `SELECT l.x_legacy_id, o.x_legacy_id FROM ${m.target.dialect.quoteIdent(lines.target.table)} l
           LEFT JOIN ${m.target.dialect.quoteIdent(table)} o ON o.id = l.order_id WHERE l.${entityRows(lines)}`,
    });
    lineChecks.check(
      {
        id: 'order-exists',
        title: 'no line without its order in the target',
        criterion: 'orphans',
        seedRef: '000 §8.3; 003 FK integrity',
      },
      m.ifLoaded(lines.entity, (meta) =>
        orphans(meta, {
          db: m.target,
          child: {
            table: lines.target.table,
            keyColumn: 'x_legacy_id',
            fkColumn: 'order_id',
            where: entityRows(lines),
          },
          parent: { table, idColumn: 'id' },
        }),
      ),
    );
    lineChecks.check(
      {
        id: 'legacy-order-exists',
        title: "each line's order, by legacy id, exists in the legacy",
        criterion: 'orphans',
        seedRef: '000 §8.3 referential integrity across the migration',
      },
      m.ifLoaded(lines.entity, async (meta) =>
        crossReference(meta, {
          children: targetLines(),
          parents: {
            label: `legacy ${orders.source.table}`,
            rows: (await m.expectations(orders)).map((e) => [e.key] as const),
          },
          expect: 'present',
        }),
      ),
    );
    lineChecks.check(
      {
        id: 'order-not-quarantined',
        title: 'no line is loaded whose order was quarantined',
        criterion: 'orphans',
        seedRef: '001 R-142-03; 002 ORPH01',
      },
      m.ifLoaded(lines.entity, (meta) =>
        crossReference(meta, {
          children: targetLines(),
          parents: {
            label: 'quarantined orders',
            db: m.target,
            sql: `SELECT legacy_key FROM migration.quarantine WHERE entity = '${orders.entity}'`,
          },
          expect: 'absent',
        }),
      ),
    );
  });
}
