import type { RawRow } from '../../src/core/dialect.ts';
import { dhakaDate, dhakaDateTime } from '../core/dhaka-clock.ts';
import { MS_PER_DAY, MS_PER_YEAR } from '../core/dhaka-time.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry } from '../core/manifest.ts';
import { mojibake } from '../core/mojibake.ts';
import { hashName } from '../core/randomizer.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { scatteredNumber } from '../core/unique-number.ts';
import { estateContext } from '../estate-context.ts';
import type { EstateContext } from '../estate-context.ts';
import { BENGALI_COW_NAMES, BREEDS, BULL_NAMES, COW_NAMES } from './farm-reference.ts';
import { duplicateTarget, FARM_SOURCE, herdPlan, STATUSES, tagOf } from './herd-plan.ts';
import type { HerdPlan } from './herd-plan.ts';
import { realText } from './real-text.ts';

export const CATTLE_COLUMNS = [
  'cattle_id',
  'tag_number',
  'rfid',
  'name',
  'breed_id',
  'date_of_birth',
  'gender',
  'mother_id',
  'father_id',
  'purchase_date',
  'purchase_price',
  'source',
  'current_weight',
  'lactation_number',
  'status',
  'barn_id',
  'notes',
  'created_date',
] as const;

/** An animal's true facts, before the app's dirt: shared by the SQLite row and the register. */
export interface Animal {
  index: number;
  tag: string;
  rfid: string;
  name: string;
  breed: number;
  birth: number;
  female: boolean;
  status: (typeof STATUSES)[number];
  /** Instant, or null when born on the farm. */
  purchased: number | null;
  /** Taka. */
  price: number | null;
}

export function barnCount(rows: number): number {
  return Math.max(3, Math.ceil(rows / 40));
}

export function rfidOf(ctx: EstateContext, index: number): string {
  return `982000${scatteredNumber(index, 9, (hashName('farm.rfid') ^ ctx.input.seed) >>> 0)}`;
}

export function animalAt(ctx: EstateContext, plan: HerdPlan, rng: FastRng, i: number): Animal {
  rng.at(i);
  const female = plan.female[i] === 1;
  const born = i >= plan.foundation && plan.mother[i] !== 0;
  const birth = plan.births[i]!;
  const purchased = born
    ? null
    : Math.min(ctx.input.asOfMs - 30 * MS_PER_DAY, birth + rng.int(365, 3 * 365) * MS_PER_DAY);
  const plainName = female ? rng.pick(COW_NAMES) : rng.pick(BULL_NAMES);
  const bengaliName = rng.pick(BENGALI_COW_NAMES);
  return {
    index: i,
    tag: tagOf(i, plan.rows),
    rfid: rfidOf(ctx, i),
    name: plan.bengali[i] === 1 ? bengaliName : plainName,
    breed: rng.int(1, BREEDS.length),
    birth,
    female,
    status: STATUSES[plan.status[i]!]!,
    purchased,
    price: purchased === null ? null : rng.int(60, 250) * 1000,
  };
}

export function generateCattle(options: GeneratorOptions): TableGeneration {
  const ctx = estateContext(options);
  const plan = herdPlan(ctx);
  const tally = new ExpectationTally(FARM_SOURCE, 'cattle');
  const dirt: DirtEntry[] = [];
  const names = new FastRng(ctx.input.seed, 'farm.cattle.row');
  for (let i = 0; i < plan.rows; i++) {
    const e = plan.dirt.entry(FARM_SOURCE, 'cattle', i, String(i + 1), 'created_date');
    tally.record(e?.reason, e?.rule, e !== undefined);
    if (plan.dirt.loads(i)) tally.count(plan.female[i] === 1 ? 'female' : 'male');
    if (e === undefined) continue;
    if (e.kind.startsWith('duplicate-')) e.duplicateOf = String(duplicateTarget(plan, i) + 1);
    if (e.kind === 'fixable:mojibake') e.original = animalAt(ctx, plan, names, i).name;
    dirt.push(e);
  }
  return {
    source: FARM_SOURCE,
    table: 'cattle',
    entity: 'cattle',
    columns: CATTLE_COLUMNS,
    rowCount: plan.rows,
    *rows(): Generator<RawRow> {
      const rng = new FastRng(ctx.input.seed, 'farm.cattle.row');
      const extra = new FastRng(ctx.input.seed, 'farm.cattle.extra');
      for (let i = 0; i < plan.rows; i++) {
        yield cattleRow(ctx, plan, animalAt(ctx, plan, rng, i), extra.at(i), rng);
      }
    },
    dirt,
    expected: tally.expected,
  };
}

function cattleRow(
  ctx: EstateContext,
  plan: HerdPlan,
  a: Animal,
  rng: FastRng,
  animals: FastRng,
): RawRow {
  const i = a.index;
  const kind = plan.dirt.kindAt(i);
  const asOf = ctx.input.asOfMs;
  let tag: string | null = a.tag;
  let rfid = a.rfid;
  let gender = a.female ? 'F' : 'M';
  let birth = dhakaDate(a.birth);
  let mother: string | null = plan.mother[i] === 0 ? null : String(plan.mother[i]);
  const father: string | null = plan.father[i] === 0 ? null : String(plan.father[i]);
  if (kind === 'missing-parent') mother = String(plan.rows + 1 + rng.int(0, 999));
  if (kind === 'invalid-gender') gender = rng.pick(['X', 'U', 'B', '?']);
  if (kind === 'future-birth-date') birth = dhakaDate(asOf + rng.int(10, 400) * MS_PER_DAY);
  if (kind === 'duplicate-tag' || kind === 'duplicate-rfid') {
    const target = animalAt(ctx, plan, animals, duplicateTarget(plan, i));
    if (kind === 'duplicate-tag') tag = target.tag;
    else rfid = target.rfid;
    animals.at(i); // back to this animal's stream for the rest of the row
  }
  if (kind === 'missing-tag') tag = rng.chance(0.5) ? null : '';
  if (kind === 'fixable:gender-case')
    gender = rng.pick([gender.toLowerCase(), ` ${gender}`, `${gender.toLowerCase()} `]);
  if (kind === 'fixable:tag-case') tag = rng.chance(0.5) ? a.tag.toLowerCase() : ` ${a.tag} `;
  const name = kind === 'fixable:mojibake' ? mojibake(a.name) : a.name;
  const ageYears = (asOf - a.birth) / MS_PER_YEAR;
  const lactations = a.female && ageYears > 2.5 ? Math.min(7, Math.floor(ageYears - 1.5)) : 0;
  const created = a.purchased ?? a.birth + MS_PER_DAY;
  return [
    String(i + 1),
    tag,
    rfid,
    name,
    String(a.breed),
    birth,
    gender,
    mother,
    father,
    a.purchased === null ? null : dhakaDate(a.purchased),
    a.price === null ? null : realText(a.price, 0),
    a.purchased === null ? 'born' : 'purchased',
    realText(rng.int(1500, 6500), 1),
    String(lactations),
    a.status,
    String(rng.int(1, barnCount(plan.rows))),
    rng.chance(0.1) ? rng.pick(['Calm', 'Kicks at milking', 'Good mother', 'Check hoof']) : null,
    dhakaDateTime(Math.min(created + rng.int(0, 36_000) * 1000, asOf - 3_600_000)),
  ];
}
