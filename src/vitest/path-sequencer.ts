import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Orders acceptance suite files. Groups run in `sequence.groupOrder`: the check files first,
 * suites/zz-rollback after them (the rollback rehearsals empty the tables every other suite
 * reads). Files of a group that runs one file at a time keep path order (waves back out in
 * the order the files say); files that share the workers come longest first (vitest's own
 * order: the last run's durations, else file size), so no long file starts last.
 */
export class PathSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    return [...base].sort((a, b) => {
      const group = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      if (group !== 0) return group;
      if (a.project.config.maxWorkers > 1 || b.project.config.maxWorkers > 1) return 0;
      return a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0;
    });
  }
}
