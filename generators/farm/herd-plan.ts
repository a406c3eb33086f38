import { MS_PER_DAY, MS_PER_YEAR } from '../core/dhaka-time.ts';
import { DirtPlan } from '../core/dirt-plan.ts';
import type { KindTable } from '../core/dirt-plan.ts';
import { FastRng } from '../core/fast-rng.ts';
import type { EstateContext } from '../estate-context.ts';

export const FARM_SOURCE = 'farm_app';

/** Farm app: 75% of animals load (seed 000 §3.1 'Medium (75%)'); fixable noise on top. */
export const CATTLE_KINDS = {
  'missing-parent': { basisPoints: 500, field: 'mother_id', outcome: { quarantine: 'ORPH01' } },
  'invalid-gender': { basisPoints: 400, field: 'gender', outcome: { quarantine: 'MIG004' } },
  'future-birth-date': {
    basisPoints: 400,
    field: 'date_of_birth',
    outcome: { quarantine: 'MIG004' },
  },
  'duplicate-tag': { basisPoints: 400, field: 'tag_number', outcome: { quarantine: 'DUP001' } },
  'duplicate-rfid': { basisPoints: 400, field: 'rfid', outcome: { quarantine: 'DUP001' } },
  'missing-tag': { basisPoints: 400, field: 'tag_number', outcome: { quarantine: 'MIG003' } },
  'fixable:gender-case': { basisPoints: 500, field: 'gender', outcome: { fixed: true } },
  'fixable:tag-case': { basisPoints: 500, field: 'tag_number', outcome: { fixed: true } },
  'fixable:mojibake': { basisPoints: 200, field: 'name', outcome: { fixed: true } },
} as const satisfies KindTable;
export type CattleKind = keyof typeof CATTLE_KINDS;

export const STATUSES = ['active', 'sold', 'dead', 'culled'] as const;

/**
 * The herd decided before any row: birth instants (ascending with cattle_id), gender,
 * status, pedigree and dirt. Parents are always earlier, loadable animals of the right
 * gender and age, so the pedigree spans generations and dangles only where planted.
 */
export interface HerdPlan {
  rows: number;
  foundation: number;
  births: Float64Array;
  female: Uint8Array;
  /** Index into STATUSES. */
  status: Uint8Array;
  bengali: Uint8Array;
  /** cattle index + 1 of the parent, 0 = none. */
  mother: Uint32Array;
  father: Uint32Array;
  dirt: DirtPlan<CattleKind>;
  /** Loadable active cows at least two years old: who gives milk. */
  milkers: Uint32Array;
  /** Every loadable animal: what health records point at. */
  loadable: Uint32Array;
}

const cache = new WeakMap<EstateContext, HerdPlan>();

export function herdPlan(ctx: EstateContext): HerdPlan {
  const cached = cache.get(ctx);
  if (cached !== undefined) return cached;
  const rows = ctx.volumes.cattle;
  const asOf = ctx.input.asOfMs;
  const rng = new FastRng(ctx.input.seed, 'farm.cattle.plan');
  const foundation = Math.max(4, Math.floor(rows * 0.3));
  const births = new Float64Array(rows);
  const female = new Uint8Array(rows);
  const status = new Uint8Array(rows);
  const bengali = new Uint8Array(rows);
  const first = asOf - 9 * MS_PER_YEAR;
  for (let i = 0; i < rows; i++) {
    rng.at(i);
    const t = first + (i / rows) * 8.6 * MS_PER_YEAR + rng.int(-20, 20) * MS_PER_DAY;
    births[i] = Math.min(t, asOf - 40 * MS_PER_DAY);
    female[i] = rng.chance(0.85) ? 1 : 0;
    status[i] = STATUSES.indexOf(rng.weighted(STATUS_WEIGHTS));
    bengali[i] = rng.chance(0.2) ? 1 : 0;
  }
  const dirt = new DirtPlan(CATTLE_KINDS, rows, ctx.input.seed, 'farm.cattle.dirt', {
    eligible: (kind, i) =>
      (kind !== 'missing-parent' || i >= foundation) &&
      (kind !== 'fixable:mojibake' || bengali[i] === 1) &&
      (!kind.startsWith('duplicate-') || i > 0),
  });
  const mother = new Uint32Array(rows);
  const father = new Uint32Array(rows);
  for (let i = foundation; i < rows; i++) {
    rng.at(rows + i);
    mother[i] = parent(
      rng,
      i,
      (j) => female[j] === 1 && births[j]! <= births[i]! - 2 * MS_PER_YEAR,
    );
    if (rng.chance(0.6)) {
      father[i] = parent(
        rng,
        i,
        (j) => female[j] === 0 && births[j]! <= births[i]! - 1.5 * MS_PER_YEAR,
      );
    }
    function parent(r: FastRng, child: number, ok: (j: number) => boolean): number {
      for (let tries = 0; tries < 40; tries++) {
        const j = r.int(0, child - 1);
        if (dirt.loads(j) && ok(j)) return j + 1;
      }
      for (let j = child - 1; j >= 0; j--) if (dirt.loads(j) && ok(j)) return j + 1;
      return 0;
    }
  }
  const milkers: number[] = [];
  const loadable: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (!dirt.loads(i)) continue;
    loadable.push(i);
    if (female[i] === 1 && status[i] === 0 && births[i]! <= asOf - 2 * MS_PER_YEAR) milkers.push(i);
  }
  const plan: HerdPlan = {
    rows,
    foundation,
    births,
    female,
    status,
    bengali,
    mother,
    father,
    dirt,
    milkers: Uint32Array.from(milkers),
    loadable: Uint32Array.from(loadable),
  };
  cache.set(ctx, plan);
  return plan;
}

const STATUS_WEIGHTS: readonly (readonly [(typeof STATUSES)[number], number])[] = [
  ['active', 75],
  ['sold', 12],
  ['dead', 6],
  ['culled', 7],
];

/** 'SD-0042': the ear tag (SQLite tag_number, the register's 'Animal ID'). */
export function tagOf(index: number, rows: number): string {
  return `SD-${String(index + 1).padStart(rows >= 9999 ? 5 : 4, '0')}`;
}

/** The nearest earlier loadable animal: the one a duplicate tag or RFID collides with. */
export function duplicateTarget(plan: HerdPlan, i: number): number {
  for (let j = i - 1; j >= 0; j--) if (plan.dirt.loads(j)) return j;
  return 0;
}
