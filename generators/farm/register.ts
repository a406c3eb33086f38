import { dhakaDate } from '../core/dhaka-clock.ts';
import { MS_PER_DAY, MS_PER_YEAR } from '../core/dhaka-time.ts';
import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry, RegisterOverlap } from '../core/manifest.ts';
import { estateContext } from '../estate-context.ts';
import type { EstateContext } from '../estate-context.ts';
import { groupThousands } from '../files/export-cell.ts';
import type { ExportCell, ExportRow } from '../files/export-cell.ts';
import type { ExportTable } from '../files/export-table.ts';
import { animalAt, rfidOf } from './cattle.ts';
import type { Animal } from './cattle.ts';
import { BENGALI_COW_NAMES, BREEDS } from './farm-reference.ts';
import { herdPlan, tagOf } from './herd-plan.ts';
import type { HerdPlan } from './herd-plan.ts';

export const REGISTER_SOURCE = 'farm_register';
export const REGISTER_HEADER = [
  'Tag No',
  'Animal ID',
  'Breed',
  'Gender',
  'Date of Birth',
  'Purchase Date',
  'Purchase Price',
  'Current Status',
] as const;

/** Excel register: 60% of rows load (seed 000 §3.1 'Poor (60%)'); fixable noise on top. */
export const REGISTER_KINDS = {
  'duplicate-rfid': { basisPoints: 800, field: 'Tag No', outcome: { quarantine: 'DUP001' } },
  'invalid-gender': { basisPoints: 800, field: 'Gender', outcome: { quarantine: 'MIG004' } },
  'future-birth-date': {
    basisPoints: 800,
    field: 'Date of Birth',
    outcome: { quarantine: 'MIG004' },
  },
  'unparseable-date': {
    basisPoints: 800,
    field: 'Date of Birth',
    outcome: { quarantine: 'MIG004' },
  },
  'missing-tag': { basisPoints: 800, field: 'Tag No', outcome: { quarantine: 'MIG003' } },
  'fixable:date-text': { basisPoints: 1000, field: 'Date of Birth', outcome: { fixed: true } },
  'fixable:number-as-text': { basisPoints: 800, field: 'Purchase Price', outcome: { fixed: true } },
  'fixable:tag-format': { basisPoints: 800, field: 'Animal ID', outcome: { fixed: true } },
} as const satisfies KindTable;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Who is in the register: most SQLite animals (in cattle_id order), then animals only the
 * register knows (bought recently, never entered in the app). `cattle[r]` is the SQLite
 * index of row r, or -1 - k for the k-th register-only animal.
 */
interface RegisterLayout {
  cattle: Int32Array;
  inBoth: number;
  registerOnly: number;
}

function registerLayout(ctx: EstateContext, herd: HerdPlan): RegisterLayout {
  const rng = new FastRng(ctx.input.seed, 'farm.register.layout');
  const rows: number[] = [];
  for (let i = 0; i < herd.rows; i++) if (rng.at(i).chance(0.85)) rows.push(i);
  const inBoth = rows.length;
  const registerOnly = Math.max(1, Math.round(herd.rows * 0.1));
  for (let k = 0; k < registerOnly; k++) rows.push(-1 - k);
  return { cattle: Int32Array.from(rows), inBoth, registerOnly };
}

function registerOnlyAnimal(ctx: EstateContext, herd: HerdPlan, rng: FastRng, k: number): Animal {
  rng.at(k);
  const asOf = ctx.input.asOfMs;
  const purchased = asOf - rng.int(30, 700) * MS_PER_DAY;
  return {
    index: herd.rows + k,
    tag: tagOf(herd.rows + k, herd.rows),
    rfid: rfidOf(ctx, herd.rows + k),
    name: rng.pick(BENGALI_COW_NAMES),
    breed: rng.int(1, BREEDS.length),
    birth: purchased - rng.int(1, 4) * MS_PER_YEAR,
    female: rng.chance(0.9),
    status: 'active',
    purchased,
    price: rng.int(60, 250) * 1000,
  };
}

export function registerTable(options: GeneratorOptions): ExportTable {
  const ctx = estateContext(options);
  const herd = herdPlan(ctx);
  const layout = registerLayout(ctx, herd);
  const rows = layout.cattle.length;
  const animalAtRow = animalReader(ctx, herd, layout);
  const plan = new DirtPlan(REGISTER_KINDS, rows, ctx.input.seed, 'farm.register.dirt', {
    eligible: (kind, r) =>
      (kind !== 'duplicate-rfid' || r > 0) &&
      (kind !== 'fixable:number-as-text' || animalAtRow(r).price !== null),
  });
  const tally = new ExpectationTally(REGISTER_SOURCE, 'Register');
  const dirt: DirtEntry[] = [];
  const rowToCattleId: Record<string, number> = {};
  for (let r = 0; r < rows; r++) {
    const sheetRow = String(r + 2);
    const e = plan.entry(REGISTER_SOURCE, 'Register', r, sheetRow, 'Date of Birth');
    tally.record(e?.reason, e?.rule ?? sameAnimalRule(herd, layout, r, e), e !== undefined);
    if (layout.cattle[r]! >= 0) rowToCattleId[sheetRow] = layout.cattle[r]! + 1;
    if (e === undefined) continue;
    if (e.kind === 'duplicate-rfid') e.duplicateOf = String(duplicateRow(plan, r) + 2);
    dirt.push(e);
  }
  tally.count('inBoth', layout.inBoth);
  tally.count('registerOnly', layout.registerOnly);
  const overlap: RegisterOverlap = {
    registerRows: rows,
    inBoth: layout.inBoth,
    registerOnly: layout.registerOnly,
    sqliteOnly: herd.rows - layout.inBoth,
    rowToCattleId,
  };
  return {
    source: REGISTER_SOURCE,
    table: 'Register',
    entity: 'register',
    file: 'farm/cattle-register',
    sheet: 'Register',
    formats: ['xlsx'],
    preamble: [],
    header: REGISTER_HEADER,
    key: [],
    rowCount: rows,
    *cells() {
      const rng = new FastRng(ctx.input.seed, 'farm.register.row');
      const read = animalReader(ctx, herd, layout);
      for (let r = 0; r < rows; r++) {
        const target =
          plan.kindAt(r) === 'duplicate-rfid' ? read(duplicateRow(plan, r)).rfid : null;
        yield registerRow(ctx, read(r), plan.kindAt(r), rng.at(r), target);
      }
    },
    footer: () => null,
    overlap: () => overlap,
    dirt,
    expected: tally.expected,
  };
}

function animalReader(
  ctx: EstateContext,
  herd: HerdPlan,
  layout: RegisterLayout,
): (r: number) => Animal {
  const cattleRng = new FastRng(ctx.input.seed, 'farm.cattle.row');
  const onlyRng = new FastRng(ctx.input.seed, 'farm.register.only');
  return (r) => {
    const c = layout.cattle[r]!;
    return c >= 0
      ? animalAt(ctx, herd, cattleRng, c)
      : registerOnlyAnimal(ctx, herd, onlyRng, -1 - c);
  };
}

/**
 * One registry row per animal (the lead's decision, src/loaders/farm/farm-specs.ts): a
 * register row that would load, naming an animal the farm app migrates, is that animal
 * again, out of scope by this rule. Not dirt, so no entry; only the expectation counts it.
 * An animal the app's row does not migrate (its planted dirt) is loaded from the register.
 */
export const SAME_ANIMAL_RULE = 'same-animal-in-farm-app';

function sameAnimalRule(
  herd: HerdPlan,
  layout: RegisterLayout,
  r: number,
  e: DirtEntry | undefined,
): string | undefined {
  const cattle = layout.cattle[r]!;
  const loads = e?.reason === undefined && e?.rule === undefined;
  return loads && cattle >= 0 && herd.dirt.loads(cattle) ? SAME_ANIMAL_RULE : undefined;
}

/** The nearest earlier row that loads: whose Tag No a duplicate repeats. */
function duplicateRow(plan: DirtPlan<keyof typeof REGISTER_KINDS>, r: number): number {
  for (let j = r - 1; j >= 0; j--) if (plan.loads(j)) return j;
  return 0;
}

function registerRow(
  ctx: EstateContext,
  a: Animal,
  kind: string | undefined,
  rng: FastRng,
  duplicateRfid: string | null,
): ExportRow {
  const birth = dhakaDate(a.birth);
  let tagNo: ExportCell = duplicateRfid ?? a.rfid;
  let animalId = a.tag;
  let gender = a.female ? 'Female' : 'Male';
  let dob: ExportCell = { date: birth };
  let price: ExportCell = a.price === null ? null : { number: String(a.price) };
  if (kind === 'missing-tag') tagNo = null;
  if (kind === 'invalid-gender') gender = rng.pick(['Unknown', '?', 'X', 'Heifer?']);
  if (kind === 'future-birth-date')
    dob = { date: dhakaDate(ctx.input.asOfMs + rng.int(10, 300) * MS_PER_DAY) };
  if (kind === 'unparseable-date') {
    dob = rng.pick([
      `31/13/${birth.slice(0, 4)}`,
      `spring ${birth.slice(0, 4)}`,
      `30.02.${birth.slice(0, 4)}`,
      'unknown',
    ]);
  }
  if (kind === 'fixable:date-text') dob = dateText(rng, birth);
  if (kind === 'fixable:number-as-text' && a.price !== null) {
    price = rng.chance(0.5) ? groupThousands(String(a.price)) : String(a.price);
  }
  if (kind === 'fixable:tag-format')
    animalId = rng.chance(0.5)
      ? animalId.toLowerCase().replace('-', ' ')
      : animalId.replace('-', '');
  return [
    tagNo,
    animalId,
    BREEDS[a.breed - 1]!.name,
    gender,
    dob,
    a.purchased === null ? null : { date: dhakaDate(a.purchased) },
    price,
    a.status[0]!.toUpperCase() + a.status.slice(1),
  ];
}

/** A date typed as text in one of the unambiguous formats the farm hands used. */
function dateText(rng: FastRng, iso: string): string {
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  switch (rng.int(0, 2)) {
    case 0:
      return `${d}/${m}/${y}`;
    case 1:
      return `${Number(d)}-${MONTHS[Number(m) - 1]}-${y}`;
    default:
      return `${y}.${m}.${d}`;
  }
}
