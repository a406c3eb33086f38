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
  /** SHA-256 over the acceptance suites' source files (`hashFiles`): which rules were checked. */
  suitesHash?: string;
  /** Dispositions applied: every failure a report shows as accepted cites one of these ids. */
  dispositions?: DispositionEvidence[];
}

/** A recorded decision to accept known failing records (a dispositions file entry). */
export interface DispositionEvidence {
  /** The id failures cite in `acceptedBy`, e.g. 'dispositions/wave-2.yaml#D-014'. */
  id: string;
  /** The check it applies to; absent when it applies to a key in any check. */
  checkId?: string;
  keys: string[];
  reason: string;
  approvedBy?: string;
  /** Ticket or change request that records the decision. */
  reference?: string;
}

/** One quarantined legacy record, when a run keeps them (counts are always in `loads`). */
export interface QuarantineRecordEvidence {
  wave: string;
  entity: string;
  legacyKey: string;
  reasonCode: string;
  field?: string;
  value?: string | null;
  message?: string;
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
  /** Quarantined records (a capped sample or all of them); counts per reason stay in `loads`. */
  quarantine?: QuarantineRecordEvidence[];
}
