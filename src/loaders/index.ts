import type { EntitySpec } from '../rules/spec.ts';
import { customersSpec } from './customers/spec.ts';

export { loadCustomers, type LoadCustomersOptions } from './customers/load-customers.ts';
export { customersSpec, customersSpecWith, LEGACY_CUSTOMER_COLUMNS } from './customers/spec.ts';

export interface BundledEntity {
  spec: EntitySpec;
}

export interface BundledWave {
  /** Wave id, e.g. 'wave-2-master-data'. */
  wave: string;
  /** Entities in load order: parents before children. */
  entities: readonly BundledEntity[];
}

/** The bundled Smart Dairy loaders, wave by wave. More entities arrive with issue #4. */
export const bundledWaves: readonly BundledWave[] = [
  { wave: 'wave-2-master-data', entities: [{ spec: customersSpec }] },
];

export function bundledSpecs(wave?: string): EntitySpec[] {
  return bundledWaves
    .filter((w) => wave === undefined || w.wave === wave)
    .flatMap((w) => w.entities.map((e) => e.spec));
}
