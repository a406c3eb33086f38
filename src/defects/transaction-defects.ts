import type { Db } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { PlantedDefect } from './defect.ts';

const H = 'wave-4-history';
const batchOf = (entity: string) =>
  `x_migration_batch IN (SELECT batch_id FROM migration.batch WHERE entity = '${entity}')`;

async function one(target: Db, sql: string, what: string): Promise<string[]> {
  const { rows } = await target.query(sql);
  const row = rows[0];
  if (!row || row.some((v) => v === null))
    throw new CutoverError(ErrorCodes.CONFIG_INVALID, `no ${what} to plant a defect on`);
  return row as string[];
}

/**
 * Runs `work` with the foreign key on `table.column` off, then puts it back NOT VALID, as a
 * loader that disables keys for speed and re-adds them without validation would: the
 * dangling reference stays, the key (and its ON DELETE action) works again for new changes.
 */
async function withoutForeignKey(
  target: Db,
  table: string,
  column: string,
  work: () => Promise<void>,
): Promise<void> {
  const { rows } = await target.query(
    `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'
       AND conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2)]`,
    [table, column],
  );
  for (const [name] of rows)
    await target.exec(`ALTER TABLE ${table} DROP CONSTRAINT "${name ?? ''}"`);
  await work();
  for (const [name, definition] of rows) {
    await target.exec(
      `ALTER TABLE ${table} ADD CONSTRAINT "${name ?? ''}" ${definition ?? ''} NOT VALID`,
    );
  }
}

/** Dhaka month of an order, as the totals group it. */
const MONTH = "to_char(date_order + interval '6 hours', 'YYYY-MM')";

export const transactionDefects: readonly PlantedDefect[] = [
  {
    name: 'orphan-order-line',
    description:
      'an order line points at an order that does not exist (foreign keys were off during the load)',
    entities: ['sales_order_lines'],
    mustFail: [`${H}/sales_order_lines/order-exists`],
    async apply(target) {
      const [key] = await one(
        target,
        `SELECT x_legacy_id FROM sales.order_line WHERE ${batchOf('sales_order_lines')} ORDER BY id LIMIT 1`,
        'order line',
      );
      await withoutForeignKey(target, 'sales.order_line', 'order_id', async () => {
        await target.query(
          `UPDATE sales.order_line SET order_id = (SELECT max(id) + 1000 FROM sales."order") WHERE x_legacy_id = $1 AND ${batchOf('sales_order_lines')}`,
          [key],
        );
      });
      return key ?? '';
    },
  },
  {
    name: 'calf-missing-mother',
    description: "a calf's mother points at no animal (foreign keys were off during the load)",
    entities: ['history_animals'],
    mustFail: [`${H}/animals/pedigree`],
    async apply(target) {
      const [id, tag] = await one(
        target,
        `SELECT id, tag_number FROM farm.animal WHERE mother_id IS NOT NULL AND ${batchOf('history_animals')} ORDER BY id LIMIT 1`,
        'calf with a mother',
      );
      await withoutForeignKey(target, 'farm.animal', 'mother_id', async () => {
        await target.query(
          'UPDATE farm.animal SET mother_id = (SELECT max(id) + 1000 FROM farm.animal) WHERE id = $1',
          [id],
        );
      });
      return tag ?? '';
    },
  },
  {
    name: 'male-mother',
    description:
      "a calf's mother is linked to a bull (the two-pass parent lookup mixed up mother and father)",
    entities: ['history_animals'],
    mustFail: [`${H}/animals/pedigree`],
    async apply(target) {
      const [id, tag, father] = await one(
        target,
        `SELECT id, tag_number, father_id FROM farm.animal WHERE mother_id IS NOT NULL AND father_id IS NOT NULL AND ${batchOf('history_animals')} ORDER BY id LIMIT 1`,
        'calf with both parents',
      );
      await target.query('UPDATE farm.animal SET mother_id = $2 WHERE id = $1', [id, father]);
      return tag ?? '';
    },
  },
  {
    name: 'pedigree-cycle',
    description: 'a cow is recorded as the calf of her own calf',
    entities: ['history_animals'],
    mustFail: [`${H}/animals/pedigree`],
    async apply(target) {
      const [mother, calf, tag] = await one(
        target,
        `SELECT m.id, c.id, m.tag_number FROM farm.animal c JOIN farm.animal m ON m.id = c.mother_id
          WHERE m.mother_id IS NULL AND m.${batchOf('history_animals')} AND c.${batchOf('history_animals')} ORDER BY m.id LIMIT 1`,
        'cow with a calf',
      );
      await target.query('UPDATE farm.animal SET mother_id = $2 WHERE id = $1', [mother, calf]);
      return tag ?? '';
    },
  },
  {
    name: 'unbalanced-entry',
    description:
      'one debit line of a voucher is BDT 1.00 too high: the journal entry no longer balances',
    entities: ['vouchers', 'voucher_lines'],
    mustFail: [
      `${H}/vouchers/balanced`,
      `${H}/vouchers/amount-is-debits`,
      `${H}/voucher_lines/checksum`,
      `${H}/voucher_lines/by-account-month`,
    ],
    async apply(target) {
      const [line, move] = await one(
        target,
        `SELECT l.id, m.x_legacy_id FROM accounting.move_line l JOIN accounting.move m ON m.id = l.move_id
          WHERE l.debit > 0 AND m.${batchOf('vouchers')} ORDER BY l.id LIMIT 1`,
        'debit line',
      );
      await target.query('UPDATE accounting.move_line SET debit = debit + 1.00 WHERE id = $1', [
        line,
      ]);
      return move ?? '';
    },
  },
  {
    name: 'leak-old-order',
    description:
      'an order dated before the 2-year window is loaded (the window rule compared the wrong date)',
    entities: ['sales_orders'],
    mustFail: [
      `${H}/sales_orders/history-months`,
      `${H}/sales_orders/checksum`,
      `${H}/sales_orders/total-by-month`,
    ],
    async apply(target) {
      const [key] = await one(
        target,
        `SELECT x_legacy_id FROM sales."order" WHERE ${batchOf('sales_orders')} AND amount_total >= 100 ORDER BY id LIMIT 1`,
        'history order',
      );
      await target.query(
        `UPDATE sales."order" SET date_order = date_order - interval '3 years' WHERE x_legacy_id = $1 AND ${batchOf('sales_orders')}`,
        [key],
      );
      return key ?? '';
    },
  },
  {
    name: 'order-months-cancel',
    description:
      "two orders of one partner, in different months, are BDT 75.00 off in opposite directions: the partner's total holds, both months fail",
    entities: ['sales_orders'],
    mustFail: [`${H}/sales_orders/checksum`, `${H}/sales_orders/total-by-month`],
    async apply(target) {
      const [plus, minus] = await one(
        target,
        `SELECT a.x_legacy_id, b.x_legacy_id FROM sales."order" a JOIN sales."order" b ON b.partner_id = a.partner_id
          AND ${MONTH.replace(/date_order/g, 'b.date_order')} <> ${MONTH.replace(/date_order/g, 'a.date_order')}
          WHERE a.${batchOf('sales_orders')} AND b.${batchOf('sales_orders')} AND b.amount_total >= 100
          ORDER BY a.id, b.id LIMIT 1`,
        'two orders of one partner in different months',
      );
      await target.query(
        `UPDATE sales."order" SET amount_total = amount_total + 75.00 WHERE x_legacy_id = $1 AND ${batchOf('sales_orders')}`,
        [plus],
      );
      await target.query(
        `UPDATE sales."order" SET amount_total = amount_total - 75.00 WHERE x_legacy_id = $1 AND ${batchOf('sales_orders')}`,
        [minus],
      );
      return `${plus ?? ''},${minus ?? ''}`;
    },
  },
  {
    name: 'order-timezone',
    description:
      'an order time is stored as Dhaka wall-clock read as UTC (6 hours late), inside its month',
    entities: ['sales_orders'],
    mustFail: [`${H}/sales_orders/checksum`],
    async apply(target) {
      const [key] = await one(
        target,
        `SELECT x_legacy_id FROM sales."order" WHERE ${batchOf('sales_orders')} AND extract(day FROM date_order + interval '6 hours') BETWEEN 2 AND 27 ORDER BY id LIMIT 1`,
        'history order mid-month',
      );
      await target.query(
        `UPDATE sales."order" SET date_order = date_order + interval '6 hours' WHERE x_legacy_id = $1 AND ${batchOf('sales_orders')}`,
        [key],
      );
      return key ?? '';
    },
  },
];
