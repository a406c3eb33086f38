/**
 * A check's outcome is data: status, figures, tolerance and the failing keys. Exceptions are
 * kept for the harness itself failing.
 */

/** The acceptance criteria of the migration documents (DESIGN.md table). */
export const Criteria = {
  'row-counts': { title: 'Row counts source = target, every entity', target: '100%' },
  'financial-totals': { title: 'Financial totals', target: 'absolute variance < BDT 1.00' },
  checksums: { title: 'Per-record checksums', target: '100% match' },
  orphans: { title: 'Referential integrity / orphans', target: '0 orphans' },
  duplicates: { title: 'Master data duplicates', target: '0' },
  'required-fields': { title: 'Required fields and formats', target: 'reported, counted' },
  pedigree: { title: 'Farm pedigree linked, 2-year history complete', target: '100%' },
  journals: { title: 'Journal entries balance (debit = credit)', target: '0 unbalanced' },
  rollback: { title: 'Rollback rehearsal', target: '< 30 minutes, target back to pre-wave state' },
} as const;

export type CriterionId = keyof typeof Criteria;

/**
 * pass: the criterion holds. fail: it does not. accepted: it failed only on keys that a
 * dispositions file accepts. warn: counted and reported, never gating (formats). error: the
 * check itself could not run.
 */
export type CheckStatus = 'pass' | 'fail' | 'accepted' | 'warn' | 'error' | 'skipped';

export interface CheckFailure {
  /** Legacy key (or target key when no legacy key exists) of the failing record. */
  key: string;
  field?: string;
  expected?: string | null;
  actual?: string | null;
  message?: string;
  /** A reason code (e.g. a quarantine code such as DUP001), for dispositions by class. */
  code?: string;
  /** Set when a dispositions file accepts this failure. */
  acceptedBy?: string;
}

/** One group of a grouped comparison (a month, an account, a partner). */
export interface GroupFigure {
  group: string;
  source: string;
  target: string;
  difference: string;
  /** 'accepted': the group fails only on records a dispositions file accepts. */
  status: 'pass' | 'fail' | 'accepted';
}

export interface CheckResult {
  /** Stable id, unique in a run: `<wave>/<entity>/<check>`. */
  id: string;
  title: string;
  /** The primitive that produced it: row-count, checksum, required-fields, ... */
  kind: string;
  criterion: CriterionId;
  /** The seed section the check implements, e.g. '000 §3.2.1'. */
  seedRef: string;
  wave?: string;
  entity?: string;
  status: CheckStatus;
  /** Figures as exact decimal strings (never floats). */
  source?: string;
  target?: string;
  difference?: string;
  tolerance?: string;
  unit?: string;
  /** How many records fail in all; `failures` holds a capped sample of them. */
  failingCount: number;
  failures: CheckFailure[];
  groups?: GroupFigure[];
  summary: string;
  durationMs: number;
}

/** Failing records kept per check; the count is always exact. */
export const FAILURE_SAMPLE_LIMIT = 200;

export function isGating(status: CheckStatus): boolean {
  return status === 'fail' || status === 'error';
}
