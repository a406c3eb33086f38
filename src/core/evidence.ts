import type { CheckResult, CriterionId } from './check-result.ts';
import type { DatabaseRole, ProviderStrategy } from './provider.ts';

/**
 * The evidence model: everything a report shows, nothing a renderer has to compute from
 * vitest. A report can be re-rendered from evidence.json alone.
 */

export type Verdict = 'pass' | 'fail' | 'pass-with-exceptions';

export interface DatabaseEvidence {
  role: DatabaseRole;
  strategy: ProviderStrategy;
  dialect: string;
  serverVersion: string;
  startupMs: number;
  /** Location with the password masked. */
  location: string;
}

export interface RunManifest {
  runId: string;
  /** The pinned instant of the run, ISO 8601 UTC. */
  asOf: string;
  profile: string;
  seed: number;
  mode: 'rehearsal' | 'check-only';
  startedAt: string;
  finishedAt: string;
  harnessVersion: string;
  gitCommit: string | null;
  /** SHA-256 of the mapping specs the loaders and suites used. */
  specHash: string;
  databases: DatabaseEvidence[];
  /** Seconds per phase: start-databases, seed, load, checks, rollback, reports. */
  phases: Record<string, number>;
  /** Defects planted on purpose (`--plant`), so a report can never pass for a real run. */
  planted: string[];
}

export interface LoadEvidence {
  wave: string;
  entity: string;
  batchId: string;
  extracted: number;
  loaded: number;
  quarantined: number;
  outOfScope: number;
  quarantineByReason: Record<string, number>;
  durationMs: number;
}

export interface RollbackEvidence {
  wave: string;
  batchIds: string[];
  durationMs: number;
  limitMs: number;
  deletedByTable: Record<string, number>;
  restored: boolean;
}

export interface CriterionSummary {
  criterion: CriterionId;
  title: string;
  target: string;
  actual: string;
  status: 'pass' | 'fail' | 'accepted' | 'not-run';
  checkIds: string[];
}

export interface Evidence {
  schemaVersion: 1;
  run: RunManifest;
  verdict: Verdict;
  criteria: CriterionSummary[];
  checks: CheckResult[];
  loads: LoadEvidence[];
  rollbacks: RollbackEvidence[];
}
