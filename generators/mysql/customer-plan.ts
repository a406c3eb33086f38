import { createRng, shuffledIndexes } from '../core/rng.ts';
import type { Rng } from '../core/rng.ts';
import { CUSTOMER_DIRT_KIND_LIST, kindCode, kindOf, plantedCount } from './customer-dirt.ts';
import type { CustomerDirtKind } from './customer-dirt.ts';

export const ROLE_CUSTOMER = 0;
export const ROLE_SUPPLIER = 1;
export const ROLE_BOTH = 2;

/**
 * Who each row is and which dirt it carries, decided before any row is produced. Typed
 * arrays of one entry per row: a few hundred KB for xl, while rows themselves are streamed.
 */
export interface CustomerPlan {
  rows: number;
  /** customer_id per row, increasing, with the gaps deletions leave in a legacy table. */
  ids: Uint32Array;
  kinds: Uint8Array;
  roles: Uint8Array;
  /** Duplicate row index -> index of the earlier plain row it duplicates. */
  duplicateOf: Map<number, number>;
  /** Rows whose identity must carry an e-mail (targets of e-mail duplicates). */
  emailRequired: Set<number>;
}

export function planCustomers(seed: number, customers: number, suppliers: number): CustomerPlan {
  const rows = customers + suppliers;
  const rng = createRng(seed, 'mysql.customers.plan');
  const plan: CustomerPlan = {
    rows,
    ids: assignIds(rng, rows),
    kinds: new Uint8Array(rows),
    roles: new Uint8Array(rows),
    duplicateOf: new Map(),
    emailRequired: new Set(),
  };
  assignRoles(rng, plan, suppliers);
  assignKinds(rng, plan);
  assignDuplicateTargets(rng, plan);
  return plan;
}

function assignIds(rng: Rng, rows: number): Uint32Array {
  const ids = new Uint32Array(rows);
  let next = 1001;
  for (let i = 0; i < rows; i++) {
    if (rng.chance(0.03)) next += rng.int(1, 3);
    ids[i] = next++;
  }
  return ids;
}

function assignRoles(rng: Rng, plan: CustomerPlan, suppliers: number): void {
  const order = shuffledIndexes(rng, plan.rows);
  const both = Math.floor(suppliers / 10);
  for (let k = 0; k < suppliers; k++) plan.roles[order[k]!] = k < both ? ROLE_BOTH : ROLE_SUPPLIER;
}

function assignKinds(rng: Rng, plan: CustomerPlan): void {
  const order = shuffledIndexes(rng, plan.rows);
  let cursor = 0;
  for (const kind of CUSTOMER_DIRT_KIND_LIST) {
    const count = plantedCount(kind, plan.rows);
    for (let k = 0; k < count && cursor < plan.rows; k++)
      plan.kinds[order[cursor++]!] = kindCode(kind);
  }
}

const isDuplicate = (kind: CustomerDirtKind | undefined): boolean =>
  kind === 'duplicate-email' || kind === 'duplicate-mobile';

/** Rows a duplicate may point at: records that load (plain or fixable). */
const canBeTarget = (kind: CustomerDirtKind | undefined): boolean =>
  kind === undefined || kind.startsWith('fixable:');

/**
 * Each duplicate points at an earlier loadable row, so "first occurrence in key order wins"
 * is unambiguous. A duplicate shuffled before any loadable row swaps places with the first one.
 */
function assignDuplicateTargets(rng: Rng, plan: CustomerPlan): void {
  const targets: number[] = [];
  for (let i = 0; i < plan.rows; i++) if (canBeTarget(kindOf(plan.kinds[i]!))) targets.push(i);
  let earlier = 0; // number of entries of `targets` below i
  for (let i = 0; i < plan.rows; i++) {
    const kind = kindOf(plan.kinds[i]!);
    if (canBeTarget(kind) && targets[earlier] === i) {
      earlier++;
      continue;
    }
    if (!isDuplicate(kind)) continue;
    if (earlier === 0) {
      const first = targets[0];
      if (first === undefined) continue; // no loadable row at all: nothing to duplicate
      const swapped = plan.kinds[first]!;
      plan.kinds[first] = plan.kinds[i]!;
      plan.kinds[i] = swapped;
      targets[0] = i;
      earlier = 1;
      continue;
    }
    const target = targets[rng.int(0, earlier - 1)]!;
    plan.duplicateOf.set(i, target);
    if (kind === 'duplicate-email') plan.emailRequired.add(target);
  }
}
