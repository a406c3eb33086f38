/**
 * Wave 4, farm history: sold/dead/culled animals, the Excel register's animals, health
 * records and milk readings -> farm.*. Rules: 000 §3.1, §4.3; 001 Day 709. Criteria: 001
 * §5.1 (farm records linked, 2-year history complete), §1.5 (zero duplicates).
 */
import { describe } from 'vitest';
import {
  animalsSpec,
  duplicates,
  healthRecordsSpec,
  historyCompleteness,
  localWindowStart,
  milkProductionSpec,
  orphans,
  pedigree,
  registerAnimalsSpec,
} from 'cutover';
import { entityChecks, entityRows, migratedEntityChecks, useMigration } from 'cutover/vitest';
import { DHAKA } from '../support/dhaka.ts';

const m = useMigration();
const herd = entityChecks({ wave: 'wave-4-history', entity: 'animals' });

migratedEntityChecks(m, animalsSpec(false), 'Animals (history)');
migratedEntityChecks(m, registerAnimalsSpec, 'Animals (Excel register)');
migratedEntityChecks(m, healthRecordsSpec, 'Health records');
migratedEntityChecks(m, milkProductionSpec, 'Milk production');

describe('001 §5.1: the herd pedigree is linked: parents exist, mothers female, fathers male, parents older, no cycles', () => {
  herd.check(
    {
      id: 'pedigree',
      title: 'every animal of the herd has a sound pedigree',
      criterion: 'pedigree',
      seedRef: '001 §5.1 farm records linked; 001 R-142-03 two-pass parents',
    },
    m.ifLoaded('history_animals', (meta) =>
      pedigree(meta, {
        db: m.target,
        table: 'farm.animal',
        keyColumn: 'tag_number',
        idColumn: 'id',
        motherColumn: 'mother_id',
        fatherColumn: 'father_id',
        sexColumn: 'gender',
        birthColumn: 'date_of_birth',
        female: 'female',
        male: 'male',
      }),
    ),
  );
  herd.check(
    {
      id: 'duplicates',
      title: 'no two animals share a tag or an RFID',
      criterion: 'duplicates',
      seedRef: '001 §1.5 zero duplicates; 000 §4.3 register',
    },
    m.ifLoaded('history_animals', (meta) =>
      duplicates(meta, {
        db: m.target,
        table: 'farm.animal',
        keyColumn: 'tag_number',
        identities: ['tag_number', 'rfid_tag'],
      }),
    ),
  );
});

describe('000 §8.3, 003: every health record and milk reading belongs to an animal of the herd', () => {
  for (const [spec, table] of [
    [healthRecordsSpec, 'farm.health_record'],
    [milkProductionSpec, 'farm.milk_production'],
  ] as const) {
    entityChecks({ wave: spec.wave, entity: spec.entity }).check(
      {
        id: 'animal-exists',
        title: `no ${table} row without its animal`,
        criterion: 'orphans',
        seedRef: '000 §8.3; 003 FK integrity',
      },
      m.ifLoaded(spec.entity, (meta) =>
        orphans(meta, {
          db: m.target,
          child: {
            table,
            keyColumn: 'x_legacy_id',
            fkColumn: 'animal_id',
            where: entityRows(spec),
          },
          parent: { table: 'farm.animal', idColumn: 'id' },
        }),
      ),
    );
  }
});

describe('001 §5.1: milk history is complete day by day for the 2-year window, nothing older leaked in', () => {
  entityChecks({ wave: milkProductionSpec.wave, entity: milkProductionSpec.entity }).check(
    {
      id: 'history-days',
      title:
        'every day of the window with legacy milk readings has readings in the target; none older',
      criterion: 'pedigree',
      seedRef: '001 §5.1 historical data complete (2 years)',
    },
    m.ifLoaded(milkProductionSpec.entity, async (meta) => {
      const from = localWindowStart(m.asOf, DHAKA).slice(0, 10);
      const days: string[] = [];
      await using source = await m.openSource(milkProductionSpec, { columns: ['record_date'] });
      for await (const batch of source.batches()) {
        for (const { record } of batch) {
          const day = record['record_date'] ?? '';
          if (/^\d{4}-\d{2}-\d{2}$/.test(day) && day >= from) days.push(day);
        }
      }
      return historyCompleteness(meta, {
        period: 'day',
        from,
        to: localWindowStart(m.asOf, DHAKA, 0).slice(0, 10),
        legacy: { buckets: days },
        target: {
          db: m.target,
          table: 'farm.milk_production',
          dateExpr: 'date',
          keyColumn: 'x_legacy_id',
          where: entityRows(milkProductionSpec),
        },
        leakedBefore: from,
      });
    }),
  );
});
