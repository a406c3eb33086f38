import type { CanonicalColumn, RawValue } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { Deduplicator } from './deduplicator.ts';
import { parsePipeline, type Pipeline } from './parse-pipeline.ts';
import type {
  ConflictStrategy,
  EntitySpec,
  FieldSpec,
  LegacyRow,
  Outcome,
  ScopeRule,
} from './spec.ts';

export interface CompileSpecOptions {
  /** Columns the legacy table really has; a spec naming another one is refused. */
  sourceColumns: readonly string[];
  /** Overrides the spec's dedupe strategy (the run's configuration decides). */
  conflictStrategy?: ConflictStrategy;
}

export interface CompiledField {
  spec: FieldSpec;
  /** The legacy column as the table spells it, when the field reads one. */
  column: string | null;
  pipeline: Pipeline;
}

export interface CompiledSpec {
  readonly spec: EntitySpec;
  readonly fields: readonly CompiledField[];
  /** Legacy key column as the table spells it. */
  readonly keyColumn: string;
  /** Target columns written, in spec order (the legacy key column included). */
  readonly targetColumns: readonly string[];
  /** Target columns and kinds the per-record checksum covers. */
  readonly checksumFields: readonly CanonicalColumn[];
  readonly conflictStrategy: ConflictStrategy;
  /** The rules applied to one legacy record: what the target must hold for it. */
  evaluate(row: LegacyRow): Outcome;
  /** A fresh set-level deduplicator configured from the spec. */
  createDeduplicator(): Deduplicator;
  /**
   * Oracle view of a whole legacy set in key order: per record its final outcome after
   * dedupe, merges applied to the surviving records.
   */
  evaluateAll(rows: Iterable<LegacyRow>): Outcome[];
}

export function compileSpec(spec: EntitySpec, options: CompileSpecOptions): CompiledSpec {
  const columns = columnResolver(spec, options.sourceColumns);
  const keyColumn = columns(spec.source.key, 'source.key');
  const fields = withLegacyKeyField(spec).map((field) => compileField(spec, field, columns));
  checkUniqueTargets(spec, fields);
  const scope = (spec.scope ?? []).map((rule) => ({
    rule,
    column: columns(rule.column, `scope '${rule.name}'`),
  }));
  checkDedupeKeys(spec, fields);
  const conflictStrategy = options.conflictStrategy ?? spec.dedupe?.strategy ?? 'skip';

  const evaluate = (row: LegacyRow): Outcome => evaluateRow(row, keyColumn, scope, fields);
  const createDeduplicator = (): Deduplicator =>
    new Deduplicator({
      keys: spec.dedupe?.keys ?? [],
      strategy: conflictStrategy,
      keepOnMerge: [spec.target.legacyKey],
    });

  return {
    spec,
    fields,
    keyColumn,
    targetColumns: fields.map((f) => f.spec.target),
    checksumFields: fields
      .filter((f) => f.spec.checksum !== false)
      .map((f) => ({ column: f.spec.target, kind: f.spec.kind })),
    conflictStrategy,
    evaluate,
    createDeduplicator,
    evaluateAll: (rows) => resolveAll(rows, evaluate, createDeduplicator()),
  };
}

function evaluateRow(
  row: LegacyRow,
  keyColumn: string,
  scope: readonly { rule: ScopeRule; column: string }[],
  fields: readonly CompiledField[],
): Outcome {
  const key = row[keyColumn] ?? '';
  for (const { rule, column } of scope) {
    if (rule.outOfScopeWhen.includes(row[column] ?? null))
      return { kind: 'out-of-scope', key, rule: rule.name };
  }
  const values: Record<string, RawValue> = {};
  for (const field of fields) {
    const result = evaluateField(row, field);
    if (result.kind === 'quarantine') return { kind: 'quarantine', key, ...result.problem };
    values[field.spec.target] = result.value;
  }
  return { kind: 'load', key, values };
}

type FieldResult =
  | { kind: 'value'; value: RawValue }
  | {
      kind: 'quarantine';
      problem: { reason: 'MIG003' | 'MIG004'; field: string; message: string };
    };

function evaluateField(row: LegacyRow, field: CompiledField): FieldResult {
  const { spec } = field;
  const input = field.column === null ? (spec.constant ?? null) : (row[field.column] ?? null);
  const result = field.pipeline.run(input);
  const from = field.column === null ? '' : ` (from ${field.column})`;
  let value: RawValue;
  if (result.ok) value = result.value;
  else if (result.reason === 'MIG004' && spec.onInvalid === 'null') value = null;
  else
    return {
      kind: 'quarantine',
      problem: {
        reason: result.reason,
        field: spec.target,
        message: `${spec.target}${from}: ${result.message}`,
      },
    };
  if (spec.required && (value === null || value.trim() === '')) {
    return {
      kind: 'quarantine',
      problem: {
        reason: 'MIG003',
        field: spec.target,
        message: `${spec.target}${from}: required value is missing`,
      },
    };
  }
  return { kind: 'value', value };
}

function resolveAll(
  rows: Iterable<LegacyRow>,
  evaluate: (row: LegacyRow) => Outcome,
  dedupe: Deduplicator,
): Outcome[] {
  const outcomes: Outcome[] = [];
  const loadedAt = new Map<string, number>();
  for (const row of rows) {
    const decision = dedupe.accept(evaluate(row));
    if (decision.merge) {
      const index = loadedAt.get(decision.merge.intoKey);
      const survivor = index === undefined ? undefined : outcomes[index];
      if (survivor?.kind === 'load')
        survivor.values = { ...survivor.values, ...decision.merge.values };
    }
    if (decision.outcome.kind === 'load') loadedAt.set(decision.outcome.key, outcomes.length);
    outcomes.push(decision.outcome);
  }
  return outcomes;
}

/** The legacy key is always carried to the target, whether the spec lists it or not. */
function withLegacyKeyField(spec: EntitySpec): readonly FieldSpec[] {
  if (spec.fields.some((f) => f.target === spec.target.legacyKey)) return spec.fields;
  return [{ target: spec.target.legacyKey, source: spec.source.key, kind: 'text' }, ...spec.fields];
}

function compileField(spec: EntitySpec, field: FieldSpec, columns: ColumnResolver): CompiledField {
  const hasConstant = Object.hasOwn(field, 'constant');
  if ((field.source === undefined) === !hasConstant) {
    throw specInvalid(spec, field.target, 'give exactly one of source or constant');
  }
  const column =
    field.source === undefined ? null : columns(field.source, `field '${field.target}'`);
  const pipeline = parsePipeline(field.transforms ?? '', {
    entity: spec.entity,
    field: field.target,
  });
  return { spec: field, column, pipeline };
}

type ColumnResolver = (name: string, usedBy: string) => string;

// MySQL column names are case-insensitive; the row objects use the table's own spelling.
function columnResolver(spec: EntitySpec, sourceColumns: readonly string[]): ColumnResolver {
  const byLower = new Map(sourceColumns.map((c) => [c.toLowerCase(), c]));
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

function checkDedupeKeys(spec: EntitySpec, fields: readonly CompiledField[]): void {
  for (const key of spec.dedupe?.keys ?? []) {
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
