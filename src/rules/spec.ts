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
  /** Reserved: the bundled loaders put old records out of scope by a named rule instead. */
  WIN001: 'outside the migration window',
  LOAD01: 'rejected by the target database',
} as const;
export type ReasonCode = keyof typeof ReasonCodes;

/**
 * A reference to a parent record: the field's value (after its transforms) is the parent's
 * legacy key, resolved to the parent's new id through migration.id_map.
 */
export interface LookupSpec {
  /** Parent entity, or entities when a parent may have been loaded by either of them. */
  entity: string | readonly string[];
  /**
   * A value whose parent is not migrated (never seen, or quarantined): quarantine the
   * record as ORPH01 (the default), or load the field as NULL.
   */
  onMissing?: 'quarantine' | 'null';
  /**
   * A parent a scope rule left out: 'follow' (the default) puts the record out of scope
   * under the parent's rule, as a line follows its order out of the window; 'orphan'
   * quarantines it ORPH01 like a missing parent, for a reference to master data that is not
   * migrated (an order of an inactive customer: fixtures/legacy/README.md, orphan-partner).
   */
  parentOutOfScope?: 'follow' | 'orphan';
  /**
   * Resolved after the whole entity is loaded (000 §7.1 two-pass pedigree: an animal's
   * mother may come later in the same load). A deferred lookup whose parent is not migrated
   * links NULL; with onMissing 'quarantine' a key that no record of the source has (a
   * mother id no animal carries) quarantines the record as ORPH01.
   */
  deferred?: boolean;
  /**
   * The value is a comma-separated list of parent keys (a voucher's line accounts, gathered
   * by SourceSpec.children): every one must be migrated. Use with `write: false`.
   */
  many?: boolean;
  /**
   * Resolve against a column of the parent's target rows instead of legacy keys: the
   * register names a breed ('Holstein-Friesian') where the farm app had breed_id. Both
   * sides compare as slugs (the `slug` transform; put it last in the field's pipeline).
   */
  byTarget?: { table: string; column: string };
}

/**
 * Per-record aggregates of a child record set, added to the parent's records as extra
 * columns (a voucher's debit and credit totals and account codes, from its lines), so a
 * rule on the parent can see its children. Child records of one parent must be contiguous
 * and in the parent's order (as exports write them); otherwise it still works, holding the
 * groups read ahead in memory.
 */
export interface ChildAggregate {
  /** Column added to the parent record. */
  column: string;
  /**
   * sum: exact sum of `of` after `transforms`; net: sum of of[0] minus sum of of[1];
   * list: distinct values of `of` joined with ','; count: number of children.
   */
  op: 'sum' | 'net' | 'list' | 'count';
  of?: string | readonly [string, string];
  /** Pipeline applied to each child value before summing (e.g. 'amount|default:0|round:2'). */
  transforms?: string;
}

export interface ChildrenSpec {
  table: string;
  kind: 'mysql' | 'sqlite' | 'csv' | 'xlsx';
  file?: string;
  sheet?: string;
  /** Child columns holding the parent's key, in the parent key's order. */
  parentKey: string | readonly string[];
  aggregates: readonly ChildAggregate[];
}

/** Where an entity's records come from (declarative: the ETL opens it). */
export interface SourceSpec {
  /** Source system, as the target's x_source_system and the manifest spell it. */
  system: string;
  /** MySQL/SQLite table, or the export's name ('vouchers'), or the sheet. */
  table: string;
  /**
   * Column(s) identifying a record; several are joined with ':' ('SV/000123:2'). '#row' is
   * the record's row number (a sheet without a reliable key).
   */
  key: string | readonly string[];
  /** Defaults to 'mysql' (the legacy database). */
  kind?: 'mysql' | 'sqlite' | 'csv' | 'xlsx';
  /** File of a file source, relative to the estate directory. */
  file?: string;
  /** The file ships with the harness (fixtures/target/), as wave 1's reference lists do. */
  bundled?: boolean;
  /** Sheet of an XLSX source. */
  sheet?: string;
  /** Header cells that find the header row of a file without key columns. */
  headerIncludes?: readonly string[];
  /** Aggregates of the records' children, added as columns. */
  children?: ChildrenSpec;
}

/** Name of the row-number column every file or table source adds to its records. */
export const ROW_NUMBER_COLUMN = '#row';

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
  /**
   * false: the field is evaluated (it can quarantine the record) but not written, e.g. a
   * voucher's balance, which lives in its lines. Its target is then only a name.
   */
  write?: boolean;
  /** The value is a parent's legacy key, loaded as the parent's new id. */
  lookup?: LookupSpec;
  /** How the field is compared and hashed. */
  kind: CanonicalKind;
  /** Excluded from the per-record checksum (e.g. values the target generates). */
  checksum?: boolean;
}

export interface ValueScopeRule {
  /** Name of the rule, reported with every record it puts out of scope. */
  name: string;
  description: string;
  /** Legacy column and the values that put a record out of scope. */
  column: string;
  /** Compared after trimming and case folding: 'Shipped ' matches 'shipped'. */
  outOfScopeWhen?: readonly (string | null)[];
  /** The complement: out of scope unless the value is one of these (open orders only). */
  inScopeOnlyWhen?: readonly (string | null)[];
  /**
   * The records this rule leaves out are migrated by another entity of the plan reading the
   * same source (open orders in wave 3, the rest in wave 4). A reconciliation per legacy
   * table leaves these out of its count, and dedupe still sees their keys in source order.
   */
  elsewhere?: string;
}

/**
 * History window (000 §1.2: two years of history, counted back from the run's asOf, never
 * from NOW()). A record dated before the window is out of scope by this rule (named, so the
 * row counts can show it; the bundled specs call it 'two-year-window'). A date after asOf
 * or one that does not parse is left to the field that maps it: the `not_future` and date
 * transforms quarantine it as MIG004, a validation failure like any other bad date.
 */
export interface WindowScopeRule {
  name: string;
  description: string;
  /** Legacy column holding an Asia/Dhaka local date or date-time. */
  column: string;
  window: { years: number };
}

export type ScopeRule = ValueScopeRule | WindowScopeRule;

/**
 * A child whose parent was put out of scope follows it under the parent's own rule (an order
 * line of an order older than the window is 'two-year-window' too, as the manifest counts
 * it); this name only when the parent's rule is unknown.
 */
export const PARENT_OUT_OF_SCOPE = 'parent-out-of-scope';

export type ConflictStrategy = 'skip' | 'update' | 'create-new';

export interface DedupeSpec {
  /**
   * Target fields; two records sharing any non-NULL value of one are duplicates. A list of
   * fields is one composite key (a milk reading: animal, date and session).
   */
  keys: readonly (string | readonly string[])[];
  strategy: ConflictStrategy;
  /**
   * Also a duplicate of a row already in the target table, loaded from another source
   * (the Excel register against the farm app's animals): one registry from two sources.
   */
  againstTarget?: boolean;
  /**
   * With againstTarget: a record matching a row another source migrated is the same thing
   * seen twice, not dirt: it is out of scope by this named rule (the other source carries
   * it) instead of DUP001. A second record matching the same row is still DUP001.
   */
  matchedRule?: string;
  /**
   * The one key (a single key, strategy 'skip') is a UNIQUE constraint of the target table:
   * the loader lets the target find the duplicates (the first record in source order holds
   * the key, a later one is DUP001), so it keeps no key per record and its memory stays flat
   * in table size (a milk reading per animal, date and session). The oracle still dedupes in
   * memory, with the same outcome.
   */
  enforcedByTarget?: boolean;
}

export interface EntitySpec {
  entity: string;
  wave: string;
  /** Seed section the mapping comes from, e.g. '000 §3.2.1, 001 Day 706'. */
  seedRef: string;
  source: SourceSpec;
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

/** What became of a parent record, as the bookkeeping of its load records it. */
export type ParentStatus =
  | { status: 'loaded'; id: string }
  | { status: 'out-of-scope'; rule: string }
  | { status: 'quarantined'; reason: string };

/** Resolves (parent entity, legacy key); undefined when the parent was never seen. */
export type ParentLookup = (entity: string, legacyKey: string) => ParentStatus | undefined;

/** A target row already holding a dedupe key value (DedupeSpec.againstTarget). */
export interface ExistingClaim {
  field: string;
  value: string;
  system: string;
  key: string;
}

export type Outcome =
  | {
      kind: 'load';
      key: string;
      values: Record<string, RawValue>;
      /** Deferred lookups: target field -> the parent's legacy key, linked in a second pass. */
      deferred?: Record<string, string>;
    }
  | { kind: 'quarantine'; key: string; reason: ReasonCode; field?: string; message: string }
  | { kind: 'out-of-scope'; key: string; rule: string };
