import type { CanonicalKind, RawValue } from '../core/dialect.ts';

/**
 * The mapping spec: one declarative description per entity of where each target field comes
 * from and how it is transformed. The loader executes it; the suites read the very same spec
 * as their oracle, so a checksum compares the target with what the rules say it should hold.
 *
 * Transforms are pipelines in the spirit of seed 002's rule strings:
 *   'trim|collapse_spaces|title_case', 'lower|email', 'bd_mobile', 'round:2',
 *   'map:retail=b2c,wholesale=b2b', 'dhaka_to_utc', 'line:0'.
 */

/** Quarantine reason codes. MIG003/MIG004 are seed 002's; the others are ours. */
export const ReasonCodes = {
  MIG003: 'required field missing',
  MIG004: 'validation failed',
  DUP001: 'duplicate of an earlier record',
  ORPH01: 'parent record missing or quarantined',
  WIN001: 'outside the migration window',
  LOAD01: 'rejected by the target database',
} as const;
export type ReasonCode = keyof typeof ReasonCodes;

export interface FieldSpec {
  /** Target column. */
  target: string;
  /** Legacy column(s) read; omitted for constants. */
  source?: string;
  /** Pipeline of transforms, '|' separated. */
  transforms?: string;
  /** Constant value (after transforms there is nothing to read). */
  constant?: string | null;
  /** A NULL or empty result quarantines the record with MIG003. */
  required?: boolean;
  /**
   * What a failed validator in the pipeline does: quarantine the record (MIG004, the
   * default) or load the field as NULL, which the format check then counts.
   */
  onInvalid?: 'quarantine' | 'null';
  /** How the field is compared and hashed. */
  kind: CanonicalKind;
  /** Excluded from the per-record checksum (e.g. values the target generates). */
  checksum?: boolean;
}

export interface ScopeRule {
  /** Name of the rule, reported with every record it puts out of scope. */
  name: string;
  description: string;
  /** Legacy column and the values that put a record out of scope. */
  column: string;
  outOfScopeWhen: readonly (string | null)[];
}

export type ConflictStrategy = 'skip' | 'update' | 'create-new';

export interface DedupeSpec {
  /** Target fields; two records sharing any non-NULL value of one are duplicates. */
  keys: readonly string[];
  strategy: ConflictStrategy;
}

export interface EntitySpec {
  entity: string;
  wave: string;
  /** Seed section the mapping comes from, e.g. '000 §3.2.1, 001 Day 706'. */
  seedRef: string;
  source: {
    system: string;
    table: string;
    key: string;
  };
  target: {
    table: string;
    /** Column holding the legacy key. */
    legacyKey: string;
  };
  scope?: readonly ScopeRule[];
  fields: readonly FieldSpec[];
  dedupe?: DedupeSpec;
}

export type LegacyRow = Readonly<Record<string, RawValue>>;

export type Outcome =
  | { kind: 'load'; key: string; values: Record<string, RawValue> }
  | { kind: 'quarantine'; key: string; reason: ReasonCode; field?: string; message: string }
  | { kind: 'out-of-scope'; key: string; rule: string };
