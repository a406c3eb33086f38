import { describe } from 'vitest';
import type { CheckMeta } from '../checks/check-meta.ts';
import { crossReference } from '../checks/cross-reference.ts';
import { recordChecksum } from '../checks/record-checksum.ts';
import { rowCount } from '../checks/row-count.ts';
import { successRate } from '../checks/success-rate.ts';
import type { CheckResult } from '../core/check-result.ts';
import type { EntitySpec } from '../rules/spec.ts';
import { entityChecks } from './check.ts';
import type { Migration } from './migration.ts';

/** SQL (target) restricting a table to the rows an entity's batches wrote. */
export function entityRows(spec: EntitySpec): string {
  return `x_migration_batch IN (SELECT batch_id FROM migration.batch WHERE entity = '${spec.entity.replace(/'/g, "''")}')`;
}

/**
 * The checks every migrated entity owes, named after the migration rule it implements:
 * nothing silently dropped (counts, then by key), success rate with accepted exceptions
 * (seed 003) and the transform-aware per-record checksum (001 §5.2). Entity-specific checks
 * (totals, orphans, pedigree) go next to them in the suite. A check of an entity this run
 * did not load is reported as skipped, never as passed.
 */
export function migratedEntityChecks(m: Migration, spec: EntitySpec, component: string): void {
  const { check } = entityChecks({ wave: spec.wave, entity: spec.entity });
  const table = spec.source.table;
  const mine = entityRows(spec);
  const target = spec.target.table;
  const legacyKey = spec.target.legacyKey;
  const e = `'${spec.entity.replace(/'/g, "''")}'`;
  const ifLoaded = (run: (meta: CheckMeta) => Promise<CheckResult>) => m.ifLoaded(spec.entity, run);

  describe(`DESIGN, 001 NFR-DATA-01: every legacy ${table} record is migrated, quarantined or out of scope by a named rule`, () => {
    check(
      {
        id: 'row-count-all',
        title: `legacy ${table} = migrated + quarantined + out of scope`,
        criterion: 'row-counts',
        seedRef: '001 §5.2 row counts; 000 §8.1',
      },
      ifLoaded((meta) =>
        rowCount(meta, {
          source: [{ label: `legacy ${table}`, count: () => m.legacyCount(spec) }],
          target: [
            {
              label: 'migrated',
              db: m.target,
              sql: `SELECT COUNT(*) FROM ${m.target.dialect.quoteIdent(target)} WHERE ${mine}`,
            },
            {
              label: 'quarantined',
              db: m.target,
              sql: `SELECT COUNT(*) FROM migration.quarantine WHERE entity = ${e}`,
            },
            {
              label: 'out of scope',
              db: m.target,
              sql: `SELECT COUNT(*) FROM migration.out_of_scope WHERE entity = ${e}`,
            },
          ],
        }),
      ),
    );
    {
      check(
        {
          id: 'accounted-for',
          title: `each legacy ${table} record, by key, is migrated, quarantined or out of scope`,
          criterion: 'row-counts',
          seedRef: '001 NFR-DATA-01 zero data loss',
        },
        ifLoaded(async (meta) =>
          crossReference(meta, {
            children: {
              label: `legacy ${table}`,
              rows: (await m.expectations(spec)).map((x) => [x.key, x.key] as const),
            },
            parents: {
              label: 'the target (migrated, quarantined or out of scope)',
              db: m.target,
              sql: `SELECT ${m.target.dialect.quoteIdent(legacyKey)} FROM ${m.target.dialect.quoteIdent(target)} WHERE ${mine}
                UNION ALL SELECT legacy_key FROM migration.quarantine WHERE entity = ${e}
                UNION ALL SELECT legacy_key FROM migration.out_of_scope WHERE entity = ${e}`,
            },
            expect: 'present',
          }),
        ),
      );
    }
    check(
      {
        id: 'success-rate',
        title: `success rate of ${component}; every quarantined record is an accepted exception`,
        criterion: 'row-counts',
        seedRef: '003 (success rate per component)',
      },
      ifLoaded((meta) =>
        successRate(meta, {
          components: [
            {
              component,
              source: { count: () => m.legacyCount(spec) },
              outOfScope: {
                db: m.target,
                sql: `SELECT COUNT(*) FROM migration.out_of_scope WHERE entity = ${e}`,
              },
              migrated: {
                db: m.target,
                sql: `SELECT COUNT(*) FROM ${m.target.dialect.quoteIdent(target)} WHERE ${mine}`,
              },
              exceptions: {
                db: m.target,
                sql: `SELECT legacy_key, reason_code, message FROM migration.quarantine WHERE entity = ${e} ORDER BY length(legacy_key), legacy_key`,
              },
            },
          ],
        }),
      ),
    );
  });

  describe(`${spec.seedRef}: each ${target} row holds what the mapping rules make of its legacy record`, () => {
    check(
      {
        id: 'checksum',
        title: 'per-record checksum of every mapped field, transform-aware',
        criterion: 'checksums',
        seedRef: `001 §5.2; ${spec.seedRef}`,
      },
      ifLoaded(async (meta) => {
        const rules = await m.compile(spec);
        return recordChecksum(meta, {
          fields: rules.checksumFields.map((f) => ({ name: f.column, kind: f.kind })),
          expected: await m.expectations(spec),
          target: { db: m.target, table: target, keyColumn: legacyKey, where: mine },
        });
      }),
    );
  });
}
