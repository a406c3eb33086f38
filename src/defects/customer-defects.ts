import type { Db } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { PlantedDefect } from './defect.ts';

const C = 'wave-2-master-data/customers';
const MIGRATED = "x_source_system = 'legacy_mysql'";

/** The first migrated partner matching `where`, by legacy key, so a plant is repeatable. */
async function firstPartner(target: Db, where: string): Promise<string> {
  const { rows } = await target.query(
    `SELECT x_legacy_id FROM core.res_partner WHERE ${MIGRATED} AND ${where} ORDER BY length(x_legacy_id), x_legacy_id LIMIT 1`,
  );
  const key = rows[0]?.[0];
  if (!key) throw new CutoverError(ErrorCodes.CONFIG_INVALID, `no migrated partner to plant a defect on (${where})`);
  return key;
}

export const customerDefects: readonly PlantedDefect[] = [
  {
    name: 'drop-row',
    description: 'the loader loses one partner',
    mustFail: [`${C}/row-count-active`, `${C}/row-count-all`, `${C}/checksum`],
    async apply(target) {
      const key = await firstPartner(target, 'email IS NOT NULL');
      await target.query(`DELETE FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $1`, [key]);
      return key;
    },
  },
  {
    name: 'alter-email',
    description: "one partner's email is changed in flight",
    mustFail: [`${C}/checksum`],
    async apply(target) {
      const key = await firstPartner(target, 'email IS NOT NULL');
      await target.query(
        `UPDATE core.res_partner SET email = 'x' || email WHERE ${MIGRATED} AND x_legacy_id = $1`,
        [key],
      );
      return key;
    },
  },
  {
    name: 'duplicate-partner',
    description: 'the loader skips deduplication: a duplicate it should have quarantined is loaded',
    mustFail: [`${C}/checksum`, `${C}/duplicates`],
    async apply(target) {
      // The deduplicator's message names the survivor: 'duplicate of record <key> (...)'.
      const { rows } = await target.query(
        `SELECT legacy_key, message FROM migration.quarantine
          WHERE entity = 'customers' AND reason_code = 'DUP001'
          ORDER BY length(legacy_key), legacy_key LIMIT 1`,
      );
      const duplicateKey = rows[0]?.[0];
      const survivorKey = /record (\S+)/.exec(rows[0]?.[1] ?? '')?.[1];
      if (!duplicateKey || !survivorKey) {
        throw new CutoverError(ErrorCodes.CONFIG_INVALID, 'no DUP001 quarantine row to plant duplicate-partner on');
      }
      await target.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO core.res_partner (name, email, phone, mobile, street, street2, city, zip, customer_type,
             is_company, credit_limit, active, customer_rank, supplier_rank, vat, x_nid_number, comment, created_at,
             x_legacy_id, x_source_system, x_migration_batch)
           SELECT name, email, phone, mobile, street, street2, city, zip, customer_type, is_company, credit_limit,
             active, customer_rank, supplier_rank, vat, x_nid_number, comment, created_at, $1, x_source_system,
             x_migration_batch
           FROM core.res_partner WHERE ${MIGRATED} AND x_legacy_id = $2`,
          [duplicateKey, survivorKey],
        );
        await tx.query(`DELETE FROM migration.quarantine WHERE entity = 'customers' AND legacy_key = $1`, [duplicateKey]);
      });
      return duplicateKey;
    },
  },
];
