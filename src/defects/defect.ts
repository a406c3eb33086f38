import type { Db } from '../core/dialect.ts';
import type { RollbackTable } from '../etl/rollback-order.ts';

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
  /**
   * Checks that must expressly still pass although the defect touches their figures (a
   * shift inside the tolerance): the proof that the tolerance is applied, not ignored.
   */
  mustPass?: readonly string[];
  /** Entities the defect plants on: it can only run where a loader filled them. */
  entities: readonly string[];
  /** Applies the defect; returns the key it touched (the failing checks must name it). */
  apply(target: Db): Promise<string>;
  /**
   * A defect of the rollback, not of the target: given the tables the rehearsal would roll
   * back (children first), returns the ones a broken rollback script would.
   */
  rollbackTables?(tables: readonly RollbackTable[]): RollbackTable[];
}
