import type { EntitySpec } from '../rules/spec.ts';
import { customersSpec } from './customers/spec.ts';

export { loadCustomers, type LoadCustomersOptions } from './customers/load-customers.ts';
export { customersSpec, LEGACY_CUSTOMER_COLUMNS } from './customers/spec.ts';

export interface BundledWave {
  /** Wave id as the seeds number them (000 §7, 001). */
  wave: string;
  /** Entity specs in load order: parents before children. */
  specs: readonly EntitySpec[];
}

/** The bundled Smart Dairy loaders, wave by wave. More entities arrive with issue #4. */
export const BUNDLED_WAVES: readonly BundledWave[] = [
  { wave: 'wave-2-master-data', specs: [customersSpec()] },
];

export function bundledSpecs(wave?: string): EntitySpec[] {
  return BUNDLED_WAVES.filter((w) => wave === undefined || w.wave === wave).flatMap((w) => [
    ...w.specs,
  ]);
}
