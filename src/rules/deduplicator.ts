import type { RawValue } from '../core/dialect.ts';
import type { ConflictStrategy, Outcome } from './spec.ts';

export interface DeduplicatorOptions {
  /**
   * Target fields; two records sharing a non-empty normalised value of one are duplicates.
   * A list of fields is one composite key, named by its fields joined with '+'.
   */
  keys: readonly (string | readonly string[])[];
  strategy: ConflictStrategy;
  /** Fields a merge never overwrites (the legacy key: the survivor keeps its identity). */
  keepOnMerge?: readonly string[];
  /** DedupeSpec.matchedRule: a first match with another source's row is out of scope by it. */
  matchedRule?: string;
}

/** With strategy 'update', the later duplicate's values go to the earlier record. */
export interface Merge {
  intoKey: string;
  /** Set when the earlier record came from another source (an ExistingClaim). */
  intoSystem?: string;
  values: Record<string, RawValue>;
}

export interface DedupeDecision {
  outcome: Outcome;
  merge?: Merge;
}

/**
 * Set-level deduplication, shared by the loader and the suites' oracle so both see the same
 * survivors. Feed outcomes in legacy key order: the first record with a key value wins; a
 * later one sharing it is quarantined as DUP001 naming the earlier record ('skip'), or is
 * merged into it ('update'). 'create-new' keeps every record. Only loadable records claim
 * key values: a quarantined record cannot make a later, valid one a duplicate.
 */
export class Deduplicator {
  private readonly seen = new Map<string, Map<string, string>>();
  /** Owners that are rows of another source already in the target, by owner text. */
  private readonly foreign = new Map<string, { system: string; key: string }>();
  private readonly keys: readonly string[];
  private readonly parts: ReadonlyMap<string, readonly string[]>;
  private readonly strategy: ConflictStrategy;
  private readonly keep: ReadonlySet<string>;
  private readonly matchedRule: string | undefined;
  /** Another source's row -> the first record matched with it (DedupeSpec.matchedRule). */
  private readonly matchedBy = new Map<string, string>();

  constructor(options: DeduplicatorOptions) {
    this.parts = new Map(
      options.keys.map((k) => (typeof k === 'string' ? [k, [k]] : [k.join('+'), [...k]])),
    );
    this.keys = [...this.parts.keys()];
    this.strategy = options.strategy;
    this.keep = new Set(options.keepOnMerge ?? []);
    this.matchedRule = options.matchedRule;
    for (const key of this.keys) this.seen.set(key, new Map());
  }

  /** A value already held by a target row from another source (DedupeSpec.againstTarget). */
  preclaim(field: string, value: string, owner: { system: string; key: string }): void {
    const normal = normaliseKeyValue(value);
    const claimed = this.seen.get(field);
    if (normal === null || claimed === undefined || claimed.has(normal)) return;
    const text = `${owner.system}:${owner.key}`;
    this.foreign.set(text, owner);
    claimed.set(normal, text);
  }

  accept(outcome: Outcome): DedupeDecision {
    if (outcome.kind !== 'load' || this.strategy === 'create-new') return { outcome };
    const hits = this.findEarlier(outcome.values);
    const first = hits[0];
    if (first === undefined) {
      this.claim(outcome.key, outcome.values);
      return { outcome };
    }
    const single = hits.every((hit) => hit.earlierKey === first.earlierKey);
    const matched = this.matchForeign(outcome, first.earlierKey, single);
    if (matched !== undefined) return { outcome: matched };
    const earlier = this.matchedBy.get(first.earlierKey) ?? first.earlierKey;
    const message = `duplicate of record ${earlier} (${first.field} ${JSON.stringify(first.value)})`;
    const duplicate: Outcome = {
      kind: 'quarantine',
      key: outcome.key,
      reason: 'DUP001',
      field: first.field,
      message,
    };
    // A record matching two different earlier records cannot be merged into one of them
    // without making the survivors duplicates of each other: it is only quarantined.
    if (this.strategy !== 'update' || !single || this.matchedBy.has(first.earlierKey))
      return { outcome: duplicate };
    this.claim(first.earlierKey, outcome.values);
    const foreign = this.foreign.get(first.earlierKey);
    const merge: Merge =
      foreign === undefined
        ? { intoKey: first.earlierKey, values: this.mergeable(outcome.values) }
        : {
            intoKey: foreign.key,
            intoSystem: foreign.system,
            values: this.mergeable(outcome.values),
          };
    return { outcome: { ...duplicate, message: `${message}; merged into it (update)` }, merge };
  }

  // The same animal in the register and the farm app: the first register row naming it is
  // matched (out of scope, the farm app's row carries it); a later one is a duplicate.
  private matchForeign(
    outcome: Extract<Outcome, { kind: 'load' }>,
    owner: string,
    single: boolean,
  ): Outcome | undefined {
    if (this.matchedRule === undefined || !single || !this.foreign.has(owner)) return undefined;
    if (this.matchedBy.has(owner)) return undefined;
    this.matchedBy.set(owner, outcome.key);
    this.claim(outcome.key, outcome.values);
    return { kind: 'out-of-scope', key: outcome.key, rule: this.matchedRule };
  }

  private findEarlier(
    values: Record<string, RawValue>,
  ): { field: string; value: string; earlierKey: string }[] {
    const hits = [];
    for (const field of this.keys) {
      const value = this.valueOf(field, values);
      const earlierKey = value === null ? undefined : this.seen.get(field)?.get(value);
      if (value !== null && earlierKey !== undefined) hits.push({ field, value, earlierKey });
    }
    return hits;
  }

  private claim(recordKey: string, values: Record<string, RawValue>): void {
    for (const field of this.keys) {
      const value = this.valueOf(field, values);
      const claimed = this.seen.get(field);
      if (value !== null && claimed !== undefined && !claimed.has(value))
        claimed.set(value, recordKey);
    }
  }

  // A composite key counts only when every part has a value.
  private valueOf(field: string, values: Record<string, RawValue>): string | null {
    const parts = this.parts.get(field) ?? [field];
    const normal = parts.map((p) => normaliseKeyValue(values[p] ?? null));
    return normal.some((v) => v === null) ? null : normal.join('|');
  }

  private mergeable(values: Record<string, RawValue>): Record<string, RawValue> {
    return Object.fromEntries(Object.entries(values).filter(([field]) => !this.keep.has(field)));
  }
}

/** Case and surrounding blanks never make two emails or mobiles different people. */
export function normaliseKeyValue(value: RawValue): string | null {
  if (value === null) return null;
  const text = value.trim().toLowerCase();
  return text === '' ? null : text;
}
