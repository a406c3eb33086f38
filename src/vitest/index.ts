/** The suite DSL: what acceptance suites import (besides the check primitives of the main API). */
export {
  check,
  CheckFailedError,
  describeFailure,
  entityChecks,
  type EntityCheckMeta,
} from './check.ts';
export { useMigration, type Migration } from './migration.ts';
export { entityLoaded, keysRuledOut, runWindowStart } from './migration-helpers.ts';
export { rehearseWaveRollback, type WaveRollbackOptions } from './rollback-wave.ts';
export { dispositionsFor, DISPOSITIONS_FILE } from './run-dispositions.ts';
export type { RunContext } from './run-context.ts';
export { entityRows, migratedEntityChecks } from './migrated-entity-checks.ts';
