import type { RawRow } from '../../src/core/dialect.ts';
import { parseGeneratorInput } from '../core/generator-input.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { DirtEntry, EntityExpectation } from '../core/manifest.ts';
import { PROFILES } from '../core/profiles.ts';
import { hashName } from '../core/randomizer.ts';
import { createRng } from '../core/rng.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { CUSTOMER_DIRT_KINDS, kindOf } from './customer-dirt.ts';
import { customerIdentity } from './customer-identity.ts';
import type { CustomerIdentity, IdentityContext } from './customer-identity.ts';
import { ROLE_CUSTOMER, ROLE_SUPPLIER, planCustomers } from './customer-plan.ts';
import type { CustomerPlan } from './customer-plan.ts';
import { CUSTOMER_COLUMNS, customerRow } from './customer-row.ts';

export { CUSTOMER_COLUMNS } from './customer-row.ts';

export const CUSTOMERS_SOURCE = 'legacy_mysql';
export const CUSTOMERS_TABLE = 'customers';

/**
 * Legacy website customers (seed 000 §3.2.1 plus seed 001's columns): customers and, as
 * rows with is_supplier = 1, suppliers. Rows are produced lazily in customer_id order and
 * are byte-identical for the same (profile, seed, asOf); the ground truth comes from the plan.
 */
export function generateCustomers(options: GeneratorOptions): TableGeneration {
  const input = parseGeneratorInput(options);
  const volumes = PROFILES[input.profile];
  const plan = planCustomers(input.seed, volumes.customers, volumes.suppliers);
  const ctx: IdentityContext = {
    rows: plan.rows,
    salt: (hashName('customers.unique') ^ input.seed) >>> 0,
  };
  const dirt = customerDirt(plan, identityReader(plan, input.seed, ctx));
  return {
    source: CUSTOMERS_SOURCE,
    table: CUSTOMERS_TABLE,
    entity: 'customers',
    columns: CUSTOMER_COLUMNS,
    rowCount: plan.rows,
    rows: () => customerRows(plan, input.seed, input.asOfMs, ctx),
    dirt,
    expected: customerExpectation(plan, dirt),
  };
}

/** Identity of row i, regenerated from its own seeded stream (no table kept in memory). */
function identityReader(
  plan: CustomerPlan,
  seed: number,
  ctx: IdentityContext,
): (i: number) => CustomerIdentity {
  const identities = createRng(seed, 'mysql.customers.identity');
  return (i) =>
    customerIdentity(
      identities.at(i),
      i,
      plan.roles[i]!,
      kindOf(plan.kinds[i]!),
      plan.emailRequired.has(i),
      ctx,
    );
}

function* customerRows(
  plan: CustomerPlan,
  seed: number,
  asOfMs: number,
  ctx: IdentityContext,
): Generator<RawRow> {
  const identityAt = identityReader(plan, seed, ctx);
  const fields = createRng(seed, 'mysql.customers.row');
  for (let index = 0; index < plan.rows; index++) {
    const target = plan.duplicateOf.get(index);
    // The original first: regenerating it reseeds the shared identity stream.
    const original = target === undefined ? undefined : identityAt(target);
    yield customerRow(fields.at(index), {
      index,
      id: plan.ids[index]!,
      role: plan.roles[index]!,
      kind: kindOf(plan.kinds[index]!),
      identity: identityAt(index),
      original,
      rows: plan.rows,
      salt: ctx.salt,
      asOfMs,
    });
  }
}

function customerDirt(
  plan: CustomerPlan,
  identityAt: (i: number) => CustomerIdentity,
): DirtEntry[] {
  const dirt: DirtEntry[] = [];
  for (let i = 0; i < plan.rows; i++) {
    const kind = kindOf(plan.kinds[i]!);
    if (kind === undefined) continue;
    const spec = CUSTOMER_DIRT_KINDS[kind];
    const entry: DirtEntry = {
      source: CUSTOMERS_SOURCE,
      table: CUSTOMERS_TABLE,
      key: String(plan.ids[i]),
      kind,
      field: spec.field,
    };
    if (spec.outcome.outcome === 'quarantine') entry.reason = spec.outcome.reason;
    if (spec.outcome.outcome === 'out-of-scope') entry.rule = spec.outcome.rule;
    const target = plan.duplicateOf.get(i);
    if (target !== undefined) entry.duplicateOf = String(plan.ids[target]);
    // The text the rules must restore, so a suite can check the repair, not just the load.
    if (kind === 'fixable:mojibake') entry.original = identityAt(i).name.text;
    dirt.push(entry);
  }
  return dirt;
}

function customerExpectation(plan: CustomerPlan, dirt: readonly DirtEntry[]): EntityExpectation {
  const expected: EntityExpectation = {
    source: CUSTOMERS_SOURCE,
    table: CUSTOMERS_TABLE,
    extracted: plan.rows,
    outOfScope: 0,
    outOfScopeByRule: {},
    quarantined: 0,
    quarantinedByReason: {},
    loaded: 0,
    loadedAfterFix: 0,
    breakdown: { customers: 0, suppliers: 0, customersAndSuppliers: 0 },
  };
  for (const entry of dirt) {
    if (entry.rule !== undefined) {
      expected.outOfScope++;
      expected.outOfScopeByRule[entry.rule] = (expected.outOfScopeByRule[entry.rule] ?? 0) + 1;
    } else if (entry.reason !== undefined) {
      expected.quarantined++;
      expected.quarantinedByReason[entry.reason] =
        (expected.quarantinedByReason[entry.reason] ?? 0) + 1;
    } else expected.loadedAfterFix++;
  }
  expected.loaded = plan.rows - expected.outOfScope - expected.quarantined;
  tallyLoadedRoles(plan, expected.breakdown);
  return expected;
}

/** Loaded rows by partner role: what seed 001's customer/supplier counts compare against. */
function tallyLoadedRoles(plan: CustomerPlan, breakdown: Record<string, number>): void {
  for (let i = 0; i < plan.rows; i++) {
    const kind = kindOf(plan.kinds[i]!);
    if (kind !== undefined && !kind.startsWith('fixable:')) continue;
    const role = plan.roles[i]!;
    if (role !== ROLE_SUPPLIER) breakdown['customers'] = (breakdown['customers'] ?? 0) + 1;
    if (role !== ROLE_CUSTOMER) breakdown['suppliers'] = (breakdown['suppliers'] ?? 0) + 1;
    if (role !== ROLE_CUSTOMER && role !== ROLE_SUPPLIER)
      breakdown['customersAndSuppliers'] = (breakdown['customersAndSuppliers'] ?? 0) + 1;
  }
}
