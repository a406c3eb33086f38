import type { ReasonCode } from '../../src/rules/spec.ts';

/**
 * The dirt planted in legacy customers. Each record gets at most one kind, so the ground
 * truth is unambiguous. Shares are basis points of all rows; the rejecting and out-of-scope
 * kinds add up to 15% (seed 000 §3.1: the website DB is 'Good (85%)'). 'fixable:*' kinds
 * are cosmetic noise the rules must repair; those records load.
 */
export type DirtOutcome =
  | { outcome: 'quarantine'; reason: ReasonCode }
  | { outcome: 'out-of-scope'; rule: string }
  | { outcome: 'fixed' };

export interface DirtKindSpec {
  basisPoints: number;
  field: string;
  outcome: DirtOutcome;
}

export const CUSTOMER_DIRT_KINDS = {
  inactive: {
    basisPoints: 500,
    field: 'is_active',
    outcome: { outcome: 'out-of-scope', rule: 'inactive-customer' },
  },
  'invalid-email': {
    basisPoints: 250,
    field: 'email',
    outcome: { outcome: 'quarantine', reason: 'MIG004' },
  },
  'unformattable-mobile': {
    basisPoints: 250,
    field: 'mobile',
    outcome: { outcome: 'quarantine', reason: 'MIG004' },
  },
  'missing-name': {
    basisPoints: 150,
    field: 'customer_name',
    outcome: { outcome: 'quarantine', reason: 'MIG003' },
  },
  'duplicate-email': {
    basisPoints: 200,
    field: 'email',
    outcome: { outcome: 'quarantine', reason: 'DUP001' },
  },
  'duplicate-mobile': {
    basisPoints: 150,
    field: 'mobile',
    outcome: { outcome: 'quarantine', reason: 'DUP001' },
  },
  'fixable:name-spacing': {
    basisPoints: 400,
    field: 'customer_name',
    outcome: { outcome: 'fixed' },
  },
  'fixable:name-case': { basisPoints: 300, field: 'customer_name', outcome: { outcome: 'fixed' } },
  'fixable:email-case': { basisPoints: 300, field: 'email', outcome: { outcome: 'fixed' } },
  'fixable:mobile-format': { basisPoints: 2000, field: 'mobile', outcome: { outcome: 'fixed' } },
  // Bengali-script names stored through a latin1 connection; one cp1252 round, reversible.
  'fixable:mojibake': { basisPoints: 100, field: 'customer_name', outcome: { outcome: 'fixed' } },
} as const satisfies Record<string, DirtKindSpec>;

export type CustomerDirtKind = keyof typeof CUSTOMER_DIRT_KINDS;

/** Index 0 of the plan's kind array means a plain record; kind k is at index k + 1. */
export const CUSTOMER_DIRT_KIND_LIST = Object.keys(CUSTOMER_DIRT_KINDS) as CustomerDirtKind[];

export function kindCode(kind: CustomerDirtKind): number {
  return CUSTOMER_DIRT_KIND_LIST.indexOf(kind) + 1;
}

export function kindOf(code: number): CustomerDirtKind | undefined {
  return code === 0 ? undefined : CUSTOMER_DIRT_KIND_LIST[code - 1];
}

/** Planted count of a kind among `rows`: exact, known in advance, at least one. */
export function plantedCount(kind: CustomerDirtKind, rows: number): number {
  return rows === 0
    ? 0
    : Math.max(1, Math.floor((rows * CUSTOMER_DIRT_KINDS[kind].basisPoints) / 10_000));
}
