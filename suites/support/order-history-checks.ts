/**
 * Wave 4's history check for sales and purchase orders: every month of the 2-year window
 * that the legacy has orders for has them in the target, and nothing older leaked in
 * (001 §5.1). Shared by the two history suites; uses the public API only.
 */
import { describe } from 'vitest';
import { historyCompleteness, localWindowStart, type EntitySpec } from 'cutover';
import { entityChecks, entityRows, type Migration } from 'cutover/vitest';
import { DHAKA } from './dhaka.ts';

export interface OrderHistorySuite {
  orders: EntitySpec;
  /** 'sales' or 'purchase', as the tables and titles spell it. */
  kind: string;
  legacyTable: string;
  targetTable: string;
}

export function orderHistoryChecks(m: Migration, suite: OrderHistorySuite): void {
  const { orders, kind } = suite;
  const { check } = entityChecks({ wave: orders.wave, entity: orders.entity });
  describe(`001 §5.1: ${kind} history is complete for the 2-year window and nothing older leaked in`, () => {
    check(
      {
        id: 'history-months',
        title: `every month of the window with legacy ${kind} orders has them in the target; none older`,
        criterion: 'pedigree',
        seedRef: '001 §5.1 historical data complete (2 years); 000 §1.2',
      },
      m.ifLoaded(orders.entity, (meta) => {
        const from = localWindowStart(m.asOf, DHAKA);
        const closed = "status NOT IN ('pending', 'draft', 'confirmed')";
        return historyCompleteness(meta, {
          period: 'month',
          from: from.slice(0, 7),
          to: localWindowStart(m.asOf, DHAKA, 0).slice(0, 7),
          // Legacy DATETIMEs are Dhaka wall-clock: compared as they are.
          legacy: {
            db: m.legacy,
            table: suite.legacyTable,
            dateExpr: 'order_date',
            where: `${closed} AND order_date >= '${from}'`,
          },
          target: {
            db: m.target,
            table: suite.targetTable,
            dateExpr: 'date_order',
            offsetMinutes: DHAKA,
            keyColumn: 'x_legacy_id',
            where: entityRows(orders),
          },
          leakedBefore: m.windowStart(),
        });
      }),
    );
  });
}
