import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Runs acceptance suite files in path order. vitest's own sequencer puts large or slow
 * files first; the harness needs wave-1 before wave-2 ... and suites/zz-rollback last,
 * because the rollback rehearsals empty the tables every other suite reads.
 */
export class PathSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve(
      [...files].sort((a, b) => (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0)),
    );
  }
}
