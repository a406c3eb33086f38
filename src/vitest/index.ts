/** The suite DSL: what acceptance suites import (besides the check primitives of the main API). */
export {
  check,
  CheckFailedError,
  describeFailure,
  entityChecks,
  type EntityCheckMeta,
} from './check.ts';
export { useMigration, type Migration } from './migration.ts';
export type { RunContext } from './run-context.ts';
