import type { RawRow } from '../../src/core/dialect.ts';
import { awayFromBoundary, dhakaDate, dhakaDateTime } from '../core/dhaka-clock.ts';
import { MS_PER_DAY } from '../core/dhaka-time.ts';
import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry } from '../core/manifest.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { estateContext } from '../estate-context.ts';
import { DIAGNOSES, HEALTH_TYPES, MEDICINES, VETS } from './farm-reference.ts';
import { FARM_SOURCE, herdPlan } from './herd-plan.ts';
import { realText } from './real-text.ts';

export const HEALTH_KINDS = {
  'orphan-cattle': { basisPoints: 900, field: 'cattle_id', outcome: { quarantine: 'ORPH01' } },
  'missing-date': { basisPoints: 800, field: 'record_date', outcome: { quarantine: 'MIG003' } },
  'future-date': { basisPoints: 800, field: 'record_date', outcome: { quarantine: 'MIG004' } },
  'fixable:type-case': { basisPoints: 500, field: 'record_type', outcome: { fixed: true } },
} as const satisfies KindTable;

export const HEALTH_COLUMNS = [
  'record_id',
  'cattle_id',
  'record_date',
  'record_type',
  'diagnosis',
  'treatment',
  'medicine',
  'vet_name',
  'cost',
  'next_due_date',
  'notes',
  'created_date',
] as const;

const OLD_SHARE = 0.05;

export function generateHealthRecords(options: GeneratorOptions): TableGeneration {
  const ctx = estateContext(options);
  const herd = herdPlan(ctx);
  const rows = ctx.volumes.healthRecords;
  const seed = ctx.input.seed;
  const end = ctx.input.asOfMs - MS_PER_DAY;
  const start = end - (end - ctx.windowStart) / (1 - OLD_SHARE);
  const times = new Float64Array(rows);
  const planRng = new FastRng(seed, 'farm.health.plan');
  for (let i = 0; i < rows; i++) {
    const t = start + ((i + planRng.at(i).next()) / rows) * (end - start);
    times[i] = awayFromBoundary(Math.floor(t / 1000) * 1000, ctx.windowStart);
  }
  const plan = new DirtPlan(HEALTH_KINDS, rows, seed, 'farm.health.dirt', {
    outOfWindow: (i) => times[i]! < ctx.windowStart,
  });
  const tally = new ExpectationTally(FARM_SOURCE, 'health_records');
  const dirt: DirtEntry[] = [];
  for (let i = 0; i < rows; i++) {
    const e = plan.entry(FARM_SOURCE, 'health_records', i, String(i + 1), 'record_date');
    tally.record(e?.reason, e?.rule, e !== undefined);
    if (e !== undefined) dirt.push(e);
  }
  return {
    source: FARM_SOURCE,
    table: 'health_records',
    entity: 'health_records',
    columns: HEALTH_COLUMNS,
    rowCount: rows,
    *rows(): Generator<RawRow> {
      const rng = new FastRng(seed, 'farm.health.row');
      for (let i = 0; i < rows; i++) {
        rng.at(i);
        const kind = plan.kindAt(i);
        const t = times[i]!;
        const type = HEALTH_TYPES[rng.int(0, HEALTH_TYPES.length - 1)]!;
        const cattle =
          kind === 'orphan-cattle'
            ? herd.rows + 1 + rng.int(0, 999)
            : herd.loadable[rng.int(0, herd.loadable.length - 1)]! + 1;
        let date: string | null = dhakaDate(t);
        if (kind === 'missing-date') date = null;
        if (kind === 'future-date')
          date = dhakaDate(ctx.input.asOfMs + rng.int(2, 90) * MS_PER_DAY);
        const recurring = type === 'vaccination' || type === 'deworming';
        yield [
          String(i + 1),
          String(cattle),
          date,
          kind === 'fixable:type-case' ? type[0]!.toUpperCase() + type.slice(1) : type,
          rng.pick(DIAGNOSES[type]),
          type === 'treatment' ? rng.pick(['Injection', 'Oral', 'Intramammary', 'Topical']) : null,
          rng.pick(MEDICINES[type]),
          rng.pick(VETS),
          realText(rng.int(0, 2500) * 100 + (rng.chance(0.2) ? 50 : 0), 2),
          recurring ? dhakaDate(t + rng.int(90, 180) * MS_PER_DAY) : null,
          rng.chance(0.1) ? 'Follow up next week' : null,
          dhakaDateTime(t),
        ];
      }
    },
    dirt,
    expected: tally.expected,
  };
}
