/**
 * Volumes per profile. `doc` is the documented estate (seed 001 §4.1, 000 §1.2); `ci` is
 * small enough for every push; `xl` is ten times `doc` for speed checks. Entities other
 * than customers/suppliers are listed now so issue #3's generators read their volume here.
 */
export interface ProfileVolumes {
  customers: number;
  /** Supplier rows live in the customers table with is_supplier = 1. */
  suppliers: number;
  products: number;
  salesOrders: number;
  purchaseOrders: number;
  financialTransactions: number;
  cattle: number;
  healthRecords: number;
  milkRecords: number;
}

export const PROFILE_NAMES = ['ci', 'doc', 'xl'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

const doc: ProfileVolumes = {
  customers: 5_000,
  suppliers: 500,
  products: 1_000,
  salesOrders: 50_000,
  purchaseOrders: 10_000,
  financialTransactions: 100_000,
  cattle: 300,
  healthRecords: 5_000,
  milkRecords: 200_000,
};

export const PROFILES: Readonly<Record<ProfileName, Readonly<ProfileVolumes>>> = {
  ci: {
    customers: 600,
    suppliers: 60,
    products: 120,
    salesOrders: 3_000,
    purchaseOrders: 600,
    financialTransactions: 6_000,
    cattle: 60,
    healthRecords: 600,
    milkRecords: 12_000,
  },
  doc,
  xl: Object.fromEntries(
    Object.entries(doc).map(([k, v]) => [k, v * 10]),
  ) as unknown as ProfileVolumes,
};

export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && (PROFILE_NAMES as readonly string[]).includes(value);
}
