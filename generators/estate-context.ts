import { parseGeneratorInput } from './core/generator-input.ts';
import type { GeneratorInput, GeneratorOptions } from './core/generator-input.ts';
import { windowStartMs } from './core/dhaka-clock.ts';
import { PROFILES } from './core/profiles.ts';
import type { ProfileVolumes } from './core/profiles.ts';
import { kindOf } from './mysql/customer-dirt.ts';
import { planCustomers, ROLE_CUSTOMER, ROLE_SUPPLIER } from './mysql/customer-plan.ts';

/** Partner ids the orders may reference, split by whether the partner loads. */
export interface PartnerPool {
  loadable: Uint32Array;
  /** Existing rows that do not load (quarantined, inactive): referencing one is an orphan too. */
  rejected: Uint32Array;
}

/**
 * What several tables of one estate share, computed once per (profile, seed, asOf): the
 * input, the 2-year window, and which customers and suppliers exist and load. Small typed
 * arrays only; rows are never kept.
 */
export interface EstateContext {
  input: GeneratorInput;
  volumes: ProfileVolumes;
  windowStart: number;
  customers: PartnerPool;
  suppliers: PartnerPool;
  /** Larger than every customer_id: ids above it exist nowhere. */
  partnerIdCeiling: number;
}

const cache = new Map<string, EstateContext>();

export function estateContext(options: GeneratorOptions): EstateContext {
  const input = parseGeneratorInput(options);
  const cacheKey = `${input.profile}/${input.seed}/${input.asOf}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const volumes = PROFILES[input.profile];
  const plan = planCustomers(input.seed, volumes.customers, volumes.suppliers);
  const pools = { c: [[], []] as number[][], s: [[], []] as number[][] };
  for (let i = 0; i < plan.rows; i++) {
    const kind = kindOf(plan.kinds[i]!);
    const loads = kind === undefined || kind.startsWith('fixable:');
    const id = plan.ids[i]!;
    const role = plan.roles[i]!;
    if (role !== ROLE_SUPPLIER) pools.c[loads ? 0 : 1]!.push(id);
    if (role !== ROLE_CUSTOMER) pools.s[loads ? 0 : 1]!.push(id);
  }
  const context: EstateContext = {
    input,
    volumes,
    windowStart: windowStartMs(input.asOfMs),
    customers: { loadable: Uint32Array.from(pools.c[0]!), rejected: Uint32Array.from(pools.c[1]!) },
    suppliers: { loadable: Uint32Array.from(pools.s[0]!), rejected: Uint32Array.from(pools.s[1]!) },
    partnerIdCeiling: (plan.ids[plan.rows - 1] ?? 0) + 1000,
  };
  if (cache.size >= 4) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, context);
  return context;
}
