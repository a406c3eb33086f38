import type { Db } from '../core/dialect.ts';

/**
 * A planted defect: one thing a broken loader could do to the target, applied after a clean
 * load to prove that the checks catch it. Defects are data: each names the checks that must
 * fail (and so, by omission, those that must keep passing) and the key it touched.
 */
export interface PlantedDefect {
  name: string;
  description: string;
  /** Ids of the checks this defect must make fail; every other check must still pass. */
  mustFail: readonly string[];
  /** Applies the defect; returns the legacy key it touched, for the report and the tests. */
  apply(target: Db): Promise<string>;
}
