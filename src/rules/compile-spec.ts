import type { CanonicalColumn } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { Deduplicator, type DedupeDecision } from './deduplicator.ts';
import { keyText } from './key-text.ts';
import { evaluateRow, type CompiledField, type EvaluateContext } from './evaluate-row.ts';
import { parsePipeline } from './parse-pipeline.ts';
import { compileScopeRule } from './scope-rules.ts';
import type {
  ConflictStrategy,
  EntitySpec,
  ExistingClaim,
  FieldSpec,
  LegacyRow,
  Outcome,
} from './spec.ts';
import { ROW_NUMBER_COLUMN } from './spec.ts';

export type { CompiledField, EvaluateContext } from './evaluate-row.ts';

export interface CompileSpecOptions {
  /** Columns the legacy source really has; a spec naming another one is refused. */
  sourceColumns: readonly string[];
  /** Overrides the spec's dedupe strategy (the run's configuration decides). */
  conflictStrategy?: ConflictStrategy;
  /** The run's pinned instant; history-window scope rules count back from it. */
  asOf?: string;
}

/** The oracle's view of the rest of the world: parents, and rows another source loaded. */
export interface EvaluateAllContext extends EvaluateContext {
  existing?: readonly ExistingClaim[];
}

export interface CompiledSpec {
  readonly spec: EntitySpec;
  readonly fields: readonly CompiledField[];
  /** First legacy key column as the source spells it (ORDER BY for a table). */
  readonly keyColumn: string;
  /** Every legacy key column; the key text joins their values with ':'. */
  readonly keyColumns: readonly string[];
  /**
   * The legacy columns the rules read (keys, fields, scope rules), in the source's order:
   * a source of only these gives every outcome its full rules would.
   */
  readonly readColumns: readonly string[];
  /** The legacy key text of a record. */
  keyOf(row: LegacyRow): string;
  /** Target columns written, in spec order (the legacy key column included). */
  readonly targetColumns: readonly string[];
  /** Target columns and kinds the per-record checksum covers. */
  readonly checksumFields: readonly CanonicalColumn[];
  readonly conflictStrategy: ConflictStrategy;
  /** Entities whose id_map the lookups read (this entity itself for a deferred self-lookup). */
  readonly parentEntities: readonly string[];
  /** Target fields linked in the second pass (deferred lookups). */
  readonly deferredFields: readonly string[];
  /**
   * The legacy parent keys of the deferred lookups of a record, whatever its outcome: the
   * second pass links every record of the source that the target holds.
   */
  deferredRefs(row: LegacyRow): Record<string, string | null>;
  /** The rules applied to one legacy record: what the target must hold for it. */
  evaluate(row: LegacyRow, context?: EvaluateContext): Outcome;
  /**
   * A deferred lookup quarantines unknown keys (onMissing 'quarantine'): evaluate needs
   * `sourceKeys`, every key of the source, gathered in a first pass.
   */
  readonly needsSourceKeys: boolean;
  /**
   * evaluate, then the set-level dedupe. A record another entity migrates (a scope rule with
   * `elsewhere`) still claims its dedupe keys in source order, so the split entities agree on
   * which of two duplicates came first.
   */
  decide(row: LegacyRow, dedupe: Deduplicator, context?: EvaluateContext): DedupeDecision;
  /**
   * A fresh set-level deduplicator configured from the spec. `forLoader`: without the key
   * the target enforces (`targetUniqueKey`), which the loader leaves to the target.
   */
  createDeduplicator(existing?: readonly ExistingClaim[], forLoader?: boolean): Deduplicator;
  /**
   * Target columns of the UNIQUE constraint that finds duplicates in the loader
   * (DedupeSpec.enforcedByTarget with strategy 'skip'); undefined when the dedupe is in memory.
   */
  readonly targetUniqueKey: readonly string[] | undefined;
  /**
   * Oracle view of a whole legacy set in load order: per record its final outcome after
   * dedupe, merges applied to the surviving records. With `parents` from the target's
   * bookkeeping, lookups (deferred ones included) resolve to the ids the target must hold.
   */
  evaluateAll(rows: Iterable<LegacyRow>, context?: EvaluateAllContext): Outcome[];
  /**
   * evaluateAll over records as they stream from the source, a batch at a time: no record is
   * held once decided (unless `needsSourceKeys` without `sourceKeys` given: then every record
   * is gathered first).
   */
  evaluateBatches(
    batches: AsyncIterable<readonly LegacyRow[]>,
    context?: EvaluateAllContext,
  ): Promise<Outcome[]>;
}

export function compileSpec(spec: EntitySpec, options: CompileSpecOptions): CompiledSpec {
  const read = new Set<string>();
  const resolve = columnResolver(spec, options.sourceColumns);
  const columns: ColumnResolver = (name, usedBy) => {
    const column = resolve(name, usedBy);
    read.add(column);
    return column;
  };
  const keyColumns = (
    typeof spec.source.key === 'string' ? [spec.source.key] : [...spec.source.key]
  ).map((key) => columns(key, 'source.key'));
  const keyColumn = keyColumns[0];
  if (keyColumn === undefined)
    throw specInvalid(spec, 'source.key', 'name at least one key column');
  const keyOf = keyText(keyColumns);
  const fields = withBookkeepingFields(spec).map((field) =>
    compileField(spec, field, columns, options.asOf),
  );
  checkUniqueTargets(spec, fields);
  const scope = (spec.scope ?? []).map((rule) =>
    compileScopeRule(rule, columns(rule.column, `scope '${rule.name}'`), options.asOf, spec.entity),
  );
  checkDedupeKeys(spec, fields);
  const conflictStrategy = options.conflictStrategy ?? spec.dedupe?.strategy ?? 'skip';
  const autoKey = !spec.fields.some((f) => f.target === spec.target.legacyKey);
  const plan = { keyOf, scope, fields, ...(autoKey ? { keyTarget: spec.target.legacyKey } : {}) };
  const unscoped = { ...plan, scope: [] };
  const written = fields.filter((f) => f.spec.write !== false);
  const elsewhere = new Set(
    (spec.scope ?? []).filter((r) => 'elsewhere' in r && r.elsewhere).map((r) => r.name),
  );

  const needsSourceKeys = fields.some(
    (f) => f.spec.lookup?.deferred === true && f.spec.lookup.onMissing === 'quarantine',
  );

  const evaluate = (row: LegacyRow, context: EvaluateContext = {}): Outcome =>
    evaluateRow(row, plan, context);
  const decide = (
    row: LegacyRow,
    dedupe: Deduplicator,
    context: EvaluateContext = {},
  ): DedupeDecision => {
    const outcome = evaluate(row, context);
    if (outcome.kind === 'out-of-scope' && elsewhere.has(outcome.rule) && spec.dedupe)
      dedupe.accept(evaluateRow(row, unscoped, context));
    return dedupe.accept(outcome);
  };
  const targetUniqueKey = targetEnforcedKey(spec, conflictStrategy);
  const createDeduplicator = (
    existing: readonly ExistingClaim[] = [],
    forLoader = false,
  ): Deduplicator => {
    const dedupe = new Deduplicator({
      keys: forLoader && targetUniqueKey !== undefined ? [] : (spec.dedupe?.keys ?? []),
      strategy: conflictStrategy,
      keepOnMerge: [spec.target.legacyKey, 'x_source_system'],
      ...(spec.dedupe?.matchedRule === undefined ? {} : { matchedRule: spec.dedupe.matchedRule }),
    });
    for (const claim of existing) dedupe.preclaim(claim.field, claim.value, claim);
    return dedupe;
  };

  const compiled: CompiledSpec = {
    spec,
    fields,
    keyColumn,
    keyColumns,
    readColumns: options.sourceColumns.filter((column) => read.has(column)),
    keyOf,
    targetColumns: written.map((f) => f.spec.target),
    checksumFields: written
      .filter((f) => f.spec.checksum !== false)
      .map((f) => ({ column: f.spec.target, kind: f.spec.kind })),
    conflictStrategy,
    parentEntities: [...new Set(fields.flatMap((f) => f.parents))],
    deferredFields: fields.filter((f) => f.spec.lookup?.deferred).map((f) => f.spec.target),
    deferredRefs: (row) => deferredRefs(row, fields),
    evaluate,
    needsSourceKeys,
    decide,
    createDeduplicator,
    targetUniqueKey,
    evaluateAll: (rows, context = {}) => {
      const all = Array.isArray(rows) ? (rows as readonly LegacyRow[]) : [...rows];
      // Only a deferred lookup quarantining unknown keys reads sourceKeys.
      const full =
        context.sourceKeys === undefined && needsSourceKeys
          ? { ...context, sourceKeys: new Set(all.map(keyOf)) }
          : context;
      const dedupe = createDeduplicator(context.existing);
      return resolveAll(all, (row) => decide(row, dedupe, full), conflictStrategy === 'update');
    },
    evaluateBatches: async (batches, context = {}) => {
      if (needsSourceKeys && context.sourceKeys === undefined) {
        const all: LegacyRow[] = [];
        for await (const rows of batches) for (const row of rows) all.push(row);
        return compiled.evaluateAll(all, context);
      }
      const dedupe = createDeduplicator(context.existing);
      const outcomes = new OutcomeList(conflictStrategy === 'update');
      for await (const rows of batches)
        for (const row of rows) outcomes.add(decide(row, dedupe, context));
      return outcomes.outcomes;
    },
  };
  return compiled;
}

// Another strategy ('update', 'create-new', chosen per run) needs the records in memory.
function targetEnforcedKey(
  spec: EntitySpec,
  strategy: ConflictStrategy,
): readonly string[] | undefined {
  const dedupe = spec.dedupe;
  if (!dedupe?.enforcedByTarget || strategy !== 'skip') return undefined;
  const [key, ...more] = dedupe.keys;
  if (key === undefined || more.length > 0 || dedupe.againstTarget)
    throw specInvalid(
      spec,
      'dedupe',
      'enforcedByTarget takes exactly one key (the UNIQUE constraint) and no againstTarget',
    );
  return typeof key === 'string' ? [key] : [...key];
}

function deferredRefs(
  row: LegacyRow,
  fields: readonly CompiledField[],
): Record<string, string | null> {
  const refs: Record<string, string | null> = {};
  for (const field of fields) {
    if (!field.spec.lookup?.deferred || field.column === null) continue;
    const result = field.pipeline.run(row[field.column] ?? null);
    const value = result.ok ? result.value : null;
    refs[field.spec.target] = value === null || value.trim() === '' ? null : value;
  }
  return refs;
}

function resolveAll(
  rows: Iterable<LegacyRow>,
  decide: (row: LegacyRow) => DedupeDecision,
  trackMerges: boolean,
): Outcome[] {
  const outcomes = new OutcomeList(trackMerges);
  for (const row of rows) outcomes.add(decide(row));
  return outcomes.outcomes;
}

/** Final outcomes in load order: a merge (strategy 'update') lands on its surviving record. */
class OutcomeList {
  readonly outcomes: Outcome[] = [];
  private readonly loadedAt = new Map<string, number>();

  /** Only strategy 'update' merges: other strategies need no index of the loaded records. */
  constructor(private readonly trackMerges: boolean) {}

  add(decision: DedupeDecision): void {
    const { outcomes, loadedAt } = this;
    if (decision.merge && !this.trackMerges)
      throw new Error('a merge without strategy update: OutcomeList was told no merges come');
    if (decision.merge && decision.merge.intoSystem === undefined) {
      const index = loadedAt.get(decision.merge.intoKey);
      const survivor = index === undefined ? undefined : outcomes[index];
      if (survivor?.kind === 'load')
        survivor.values = { ...survivor.values, ...decision.merge.values };
    }
    if (this.trackMerges && decision.outcome.kind === 'load')
      loadedAt.set(decision.outcome.key, outcomes.length);
    outcomes.push(decision.outcome);
  }
}

/**
 * The legacy key and the source system are always carried to the target, whether the spec
 * lists them or not: UNIQUE (x_source_system, x_legacy_id) is what makes a re-run unable
 * to duplicate.
 */
function withBookkeepingFields(spec: EntitySpec): readonly FieldSpec[] {
  const has = (target: string): boolean => spec.fields.some((f) => f.target === target);
  const extra: FieldSpec[] = [];
  // The key text itself (several key columns joined), filled in by evaluateRow.
  if (!has(spec.target.legacyKey))
    extra.push({ target: spec.target.legacyKey, constant: null, kind: 'text' });
  const fields = [...extra, ...spec.fields];
  if (!has('x_source_system'))
    fields.push({ target: 'x_source_system', constant: spec.source.system, kind: 'text' });
  return fields;
}

function compileField(
  spec: EntitySpec,
  field: FieldSpec,
  columns: ColumnResolver,
  asOf: string | undefined,
): CompiledField {
  const hasConstant = Object.hasOwn(field, 'constant');
  if ((field.source === undefined) === !hasConstant) {
    throw specInvalid(spec, field.target, 'give exactly one of source or constant');
  }
  const column =
    field.source === undefined ? null : columns(field.source, `field '${field.target}'`);
  const pipeline = parsePipeline(field.transforms ?? '', {
    entity: spec.entity,
    field: field.target,
    ...(asOf === undefined ? {} : { asOf }),
  });
  const lookup = field.lookup;
  const parents =
    lookup === undefined
      ? []
      : lookup.byTarget !== undefined
        ? [targetLookupName(lookup.byTarget)]
        : typeof lookup.entity === 'string'
          ? [lookup.entity]
          : [...lookup.entity];
  if (lookup !== undefined && parents.length === 0)
    throw specInvalid(spec, field.target, 'a lookup needs a parent entity');
  if (lookup?.deferred && lookup.many)
    throw specInvalid(spec, field.target, 'a list lookup cannot be deferred');
  return { spec: field, column, pipeline, parents };
}

type ColumnResolver = (name: string, usedBy: string) => string;

// MySQL column names are case-insensitive; the row objects use the table's own spelling.
function columnResolver(spec: EntitySpec, sourceColumns: readonly string[]): ColumnResolver {
  const byLower = new Map([...sourceColumns, ROW_NUMBER_COLUMN].map((c) => [c.toLowerCase(), c]));
  return (name, usedBy) => {
    const column = byLower.get(name.toLowerCase());
    if (column === undefined) {
      throw specInvalid(
        spec,
        usedBy,
        `legacy column '${name}' does not exist in ${spec.source.table} (columns: ${sourceColumns.join(', ')})`,
        { column: name },
      );
    }
    return column;
  };
}

function checkUniqueTargets(spec: EntitySpec, fields: readonly CompiledField[]): void {
  const seen = new Set<string>();
  for (const { spec: field } of fields) {
    if (seen.has(field.target)) throw specInvalid(spec, field.target, 'target column mapped twice');
    seen.add(field.target);
  }
}

/** Parent "entity" of a byTarget lookup: the target table and column it reads. */
export function targetLookupName(byTarget: { table: string; column: string }): string {
  return `target:${byTarget.table}.${byTarget.column}`;
}

function checkDedupeKeys(spec: EntitySpec, fields: readonly CompiledField[]): void {
  for (const key of (spec.dedupe?.keys ?? []).flat()) {
    if (!fields.some((f) => f.spec.target === key)) {
      throw specInvalid(
        spec,
        `dedupe key '${key}'`,
        'dedupe keys must be target fields of the spec',
      );
    }
  }
}

function specInvalid(
  spec: EntitySpec,
  where: string,
  problem: string,
  extra: Record<string, string> = {},
): CutoverError {
  const what = where.includes("'") ? where : `field '${where}'`;
  return new CutoverError(
    ErrorCodes.SPEC_INVALID,
    `Mapping spec of entity '${spec.entity}', ${what}: ${problem}.`,
    {
      details: { entity: spec.entity, field: where, ...extra },
    },
  );
}
