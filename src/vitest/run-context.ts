import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TableSnapshot } from '../checks/table-snapshot.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';

/**
 * What the harness hands the suites: where the databases are, the pinned time, and what it
 * loaded. It carries database URLs, so it travels in a private file (mode 0600) named by an
 * environment variable, never in argv or a report.
 */
export interface RunContext {
  runId: string;
  asOf: string;
  mode: 'rehearsal' | 'check-only';
  legacyUrl: string;
  targetUrl: string;
  /** Batch ids loaded in this run, per entity, for rollback rehearsals. */
  batches: Record<string, string[]>;
  /** Target table snapshots taken before each wave was loaded. */
  snapshots: Record<string, TableSnapshot>;
  conflictStrategy: 'skip' | 'update' | 'create-new';
  /**
   * Accepted exceptions (src/checks/dispositions.ts). Absent: the nearest dispositions.json
   * above each suite file, if any.
   */
  dispositionsPath?: string;
  /**
   * Directory of the legacy file estate (accounting exports, farm SQLite and register), when
   * the legacy side has files; see fixtures/legacy/README.md.
   */
  estateDir?: string;
  /** Defects planted in this run; those with a rollback hook sabotage the rehearsal. */
  planted?: string[];
}

export const CONTEXT_ENV = 'CUTOVER_CONTEXT_FILE';

export interface WrittenContext extends AsyncDisposable {
  path: string;
}

export async function writeRunContext(context: RunContext): Promise<WrittenContext> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-context-'));
  const path = join(dir, 'context.json');
  await writeFile(path, JSON.stringify(context), { mode: 0o600 });
  await chmod(path, 0o600);
  return { path, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

export async function readRunContext(): Promise<RunContext> {
  const path = process.env[CONTEXT_ENV];
  if (!path) {
    throw new CutoverError(
      ErrorCodes.SUITE_FAILED_TO_RUN,
      `${CONTEXT_ENV} is not set: acceptance suites run through \`cutover reconcile\` (or \`cutover reconcile --check-only\`), not through plain vitest`,
    );
  }
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunContext;
  } catch (cause) {
    throw new CutoverError(ErrorCodes.SUITE_FAILED_TO_RUN, `cannot read the run context ${path}`, {
      cause,
    });
  }
}
