import type { Db } from '../../core/dialect.ts';
import { runEntityLoad, type RunEntityLoadOptions } from '../../etl/run-entity-load.ts';
import type { LoadResult } from '../../etl/load-result.ts';
import { customersSpecWith } from './spec.ts';

export type LoadCustomersOptions = Omit<RunEntityLoadOptions, 'spec'> & { legacy: Db; target: Db };

/** Wave 2: legacy `customers` -> core.res_partner. */
export function loadCustomers(options: LoadCustomersOptions): Promise<LoadResult> {
  return runEntityLoad({ ...options, spec: customersSpecWith(options.conflictStrategy ?? 'skip') });
}
