import type { RawRow } from '../../src/core/dialect.ts';
import { dhakaDate, dhakaInstant, dhakaDateTime } from '../core/dhaka-clock.ts';
import { MS_PER_DAY } from '../core/dhaka-time.ts';
import { fixed } from '../core/decimal.ts';
import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { CutoverError, ErrorCodes } from '../../src/core/errors.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry, ManifestTotals } from '../core/manifest.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { KeyedSums, Sum } from '../core/totals.ts';
import { estateContext } from '../estate-context.ts';
import type { EstateContext } from '../estate-context.ts';
import { MILKERS } from './farm-reference.ts';
import { FARM_SOURCE, herdPlan } from './herd-plan.ts';
import type { HerdPlan } from './herd-plan.ts';
import { realText } from './real-text.ts';

export const MILK_KINDS = {
  'orphan-cattle': { basisPoints: 600, field: 'cattle_id', outcome: { quarantine: 'ORPH01' } },
  'negative-quantity': {
    basisPoints: 600,
    field: 'quantity_liters',
    outcome: { quarantine: 'MIG004' },
  },
  'fat-out-of-range': {
    basisPoints: 600,
    field: 'fat_percentage',
    outcome: { quarantine: 'MIG004' },
  },
  'duplicate-reading': { basisPoints: 700, field: 'cattle_id', outcome: { quarantine: 'DUP001' } },
  'fixable:session-variant': { basisPoints: 800, field: 'session', outcome: { fixed: true } },
} as const satisfies KindTable;

export const MILK_COLUMNS = [
  'record_id',
  'cattle_id',
  'record_date',
  'session',
  'quantity_liters',
  'fat_percentage',
  'snf_percentage',
  'quality_grade',
  'temperature',
  'collected_by',
  'notes',
  'created_date',
] as const;

/** Days of milking the records cover at most: the 2-year window and a month before it. */
const HISTORY_DAYS = 760;

/**
 * Where reading i sits: readings go day by day, morning then evening, `perSession` cows a
 * session taken in turn from the milking herd, so no cow is milked twice in one session
 * unless a duplicate is planted. Dates skip the window's first day (kept free of records).
 */
export class MilkLayout {
  readonly perSession: number;
  readonly days: number;
  private readonly firstDay: number;
  private readonly skipDay: number;

  constructor(
    ctx: EstateContext,
    readonly herd: HerdPlan,
    readonly rows: number,
  ) {
    const h = herd.milkers.length;
    if (h === 0 && rows > 0) {
      throw new CutoverError(ErrorCodes.GENERATOR_INPUT, 'no cow can be milked in this herd', {
        details: { profile: ctx.input.profile },
      });
    }
    this.perSession = Math.min(h, Math.ceil(rows / (2 * HISTORY_DAYS)));
    this.days = Math.ceil(rows / (2 * this.perSession));
    const asOfDay = Date.parse(`${dhakaDate(ctx.input.asOfMs)}T00:00:00Z`);
    this.firstDay = asOfDay - (this.days + 1) * MS_PER_DAY;
    this.skipDay = Date.parse(`${dhakaDate(ctx.windowStart)}T00:00:00Z`);
  }

  private cachedDay = -1;
  private cachedDate = '';

  /** 'YYYY-MM-DD' of reading i (cached: consecutive readings share their day). */
  date(i: number): string {
    const dayIndex = Math.floor(Math.floor(i / this.perSession) / 2);
    if (dayIndex !== this.cachedDay) {
      const day = this.firstDay + dayIndex * MS_PER_DAY;
      this.cachedDate = new Date(day >= this.skipDay ? day + MS_PER_DAY : day)
        .toISOString()
        .slice(0, 10);
      this.cachedDay = dayIndex;
    }
    return this.cachedDate;
  }

  evening(i: number): boolean {
    return Math.floor(i / this.perSession) % 2 === 1;
  }

  cattleIndex(i: number): number {
    const slot = Math.floor(i / this.perSession);
    const h = this.herd.milkers.length;
    return this.herd.milkers[(slot * this.perSession + (i % this.perSession)) % h]!;
  }
}

export function generateMilkProduction(options: GeneratorOptions): TableGeneration {
  const ctx = estateContext(options);
  const herd = herdPlan(ctx);
  const rows = ctx.volumes.milkRecords;
  const layout = new MilkLayout(ctx, herd, rows);
  const windowDate = dhakaDate(ctx.windowStart);
  const plan = new DirtPlan(MILK_KINDS, rows, ctx.input.seed, 'farm.milk.dirt', {
    outOfWindow: (i) => layout.date(i) < windowDate,
    // A duplicate repeats the reading just before it, which must be a good one.
    eligible: (kind, i, kinds) =>
      kind !== 'duplicate-reading' ||
      (i > 0 && i + 1 < rows && isGood(kinds[i - 1]!) && kinds[i + 1] !== 4),
  });
  const tally = new ExpectationTally(FARM_SOURCE, 'milk_production');
  const dirt: DirtEntry[] = [];
  for (let i = 0; i < rows; i++) {
    const e = plan.entry(FARM_SOURCE, 'milk_production', i, String(i + 1), 'record_date');
    tally.record(e?.reason, e?.rule, e !== undefined);
    if (e === undefined) continue;
    if (e.kind === 'duplicate-reading') e.duplicateOf = String(i);
    dirt.push(e);
  }
  let totals: ManifestTotals['milk'] | undefined;
  return {
    source: FARM_SOURCE,
    table: 'milk_production',
    entity: 'milk_production',
    columns: MILK_COLUMNS,
    rowCount: rows,
    *rows(): Generator<RawRow> {
      const rng = new FastRng(ctx.input.seed, 'farm.milk.row');
      const sums = new MilkSums();
      for (let i = 0; i < rows; i++) {
        const reading = milkRow(ctx, layout, plan, rng.at(i), i);
        if (reading.date >= windowDate)
          sums.add(reading.date.slice(0, 7), reading.decilitres, plan.loads(i));
        yield reading.row;
      }
      totals = sums.toJSON();
    },
    totals: () => (totals === undefined ? {} : { milk: totals }),
    dirt,
    expected: tally.expected,
  };
}

/** Plain, or the session-variant noise (kind 5): a reading a duplicate may repeat. */
const isGood = (code: number): boolean => code === 0 || code === 5;

function milkRow(
  ctx: EstateContext,
  layout: MilkLayout,
  plan: DirtPlan<keyof typeof MILK_KINDS>,
  rng: FastRng,
  i: number,
): { row: RawRow; date: string; decilitres: number } {
  const kind = plan.kindAt(i);
  // A duplicate takes the previous reading's animal, date and session.
  const source = kind === 'duplicate-reading' ? i - 1 : i;
  const date = layout.date(source);
  const evening = layout.evening(source);
  const cattle =
    kind === 'orphan-cattle'
      ? layout.herd.rows + 1 + rng.int(0, 999)
      : layout.cattleIndex(source) + 1;
  let session = evening ? 'evening' : 'morning';
  if (kind === 'fixable:session-variant') {
    session = rng.pick(
      evening ? ['Evening', 'PM', 'pm', 'EVENING'] : ['Morning', 'AM', 'am', 'MORNING'],
    );
  }
  const litres = evening ? rng.int(40, 130) : rng.int(50, 160);
  const decilitres = kind === 'negative-quantity' ? -litres : litres;
  const fat = rng.int(35, 55);
  const seconds = evening ? rng.int(17 * 3600, 18 * 3600) : rng.int(5 * 3600, 6 * 3600 + 1800);
  return {
    date,
    decilitres,
    row: [
      String(i + 1),
      String(cattle),
      date,
      session,
      realText(decilitres, 1),
      kind === 'fat-out-of-range' ? realText(fat * 10, 1) : realText(fat, 1),
      realText(rng.int(800, 920), 2),
      fat >= 45 ? 'A' : fat >= 40 ? 'B' : 'C',
      realText(rng.int(35, 80), 1),
      rng.pick(MILKERS),
      rng.chance(0.02) ? 'Cow restless' : null,
      dhakaDateTime(dhakaInstant(date, seconds)),
    ],
  };
}

/** Litres per Dhaka month, source side (every reading dated in the window) and loaded. */
class MilkSums {
  private readonly window = new Sum();
  private readonly loaded = new Sum();
  private readonly months = new KeyedSums(() => ({ window: new Sum(), loaded: new Sum() }));

  add(month: string, decilitres: number, loads: boolean): void {
    const m = this.months.at(month);
    this.window.add(decilitres);
    m.window.add(decilitres);
    if (loads) {
      this.loaded.add(decilitres);
      m.loaded.add(decilitres);
    }
  }

  toJSON(): ManifestTotals['milk'] {
    const render = (s: Sum) => ({ count: s.count, litres: fixed(s.units, 1) });
    return {
      window: render(this.window),
      loaded: render(this.loaded),
      byMonth: this.months.render((m) => ({ window: render(m.window), loaded: render(m.loaded) })),
    };
  }
}
