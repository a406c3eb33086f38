import type { RawValue } from '../core/dialect.ts';
import type { Pipeline } from './parse-pipeline.ts';
import type { CompiledScopeRule } from './scope-rules.ts';
import {
  PARENT_OUT_OF_SCOPE,
  type FieldSpec,
  type LegacyRow,
  type Outcome,
  type ParentLookup,
  type ParentStatus,
} from './spec.ts';

export interface CompiledField {
  spec: FieldSpec;
  /** The legacy column as the source spells it, when the field reads one. */
  column: string | null;
  pipeline: Pipeline;
  /** Parent entities of a lookup field, in the order they are tried. */
  parents: readonly string[];
}

/** What a rules evaluation may consult besides the record itself. Data and lookups only. */
export interface EvaluateContext {
  /** Resolves parent references; without it every parent counts as not migrated. */
  parents?: ParentLookup;
  /**
   * Every legacy key of the entity's own source: a deferred lookup with onMissing
   * 'quarantine' refuses a parent key that none of them is.
   */
  sourceKeys?: ReadonlySet<string>;
}

interface RowPlan {
  keyOf: (row: LegacyRow) => string;
  /** Target of the legacy key when the spec does not map it: it receives the key text. */
  keyTarget?: string;
  scope: readonly CompiledScopeRule[];
  fields: readonly CompiledField[];
}

type Problem = { reason: 'MIG003' | 'MIG004' | 'ORPH01'; field: string; message: string };
type FieldResult =
  | { kind: 'value'; value: RawValue; deferredRef?: string }
  | { kind: 'quarantine'; problem: Problem }
  | { kind: 'out-of-scope'; rule: string };

/**
 * The rules applied to one legacy record, in a fixed order so the loader and the oracle
 * agree: scope rules; then parents put out of scope (a child follows its parent, even if it
 * is itself dirty); then every field in spec order, the first problem quarantining.
 */
export function evaluateRow(row: LegacyRow, plan: RowPlan, context: EvaluateContext): Outcome {
  const key = plan.keyOf(row);
  for (const rule of plan.scope) {
    const verdict = rule(row);
    if (verdict.kind === 'out') return { kind: 'out-of-scope', key, rule: verdict.rule };
  }
  const { fields } = plan;
  // Parent lookups first; their results are kept for the pass below (evaluateField is pure).
  let resolved: (FieldResult | undefined)[] | undefined;
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i] as CompiledField;
    if (field.parents.length === 0 || field.spec.lookup?.deferred) continue;
    const result = evaluateField(row, field, context);
    if (result.kind === 'out-of-scope') return { kind: 'out-of-scope', key, rule: result.rule };
    (resolved ??= [])[i] = result;
  }
  const values: Record<string, RawValue> = {};
  let deferred: Record<string, string> | undefined;
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i] as CompiledField;
    const result = resolved?.[i] ?? evaluateField(row, field, context);
    if (result.kind === 'quarantine') return { kind: 'quarantine', key, ...result.problem };
    if (result.kind === 'out-of-scope') return { kind: 'out-of-scope', key, rule: result.rule };
    if (field.spec.write !== false) values[field.spec.target] = result.value;
    if (result.deferredRef !== undefined) (deferred ??= {})[field.spec.target] = result.deferredRef;
  }
  if (plan.keyTarget !== undefined) values[plan.keyTarget] = key;
  return deferred === undefined
    ? { kind: 'load', key, values }
    : { kind: 'load', key, values, deferred };
}

function evaluateField(
  row: LegacyRow,
  field: CompiledField,
  context: EvaluateContext,
): FieldResult {
  const { spec } = field;
  const input = field.column === null ? (spec.constant ?? null) : (row[field.column] ?? null);
  const result = field.pipeline.run(input);
  const from = field.column === null ? '' : ` (from ${field.column})`;
  let value: RawValue;
  if (result.ok) value = result.value;
  else if (result.reason === 'MIG004' && spec.onInvalid === 'null') value = null;
  else return quarantine(result.reason, spec.target, `${spec.target}${from}: ${result.message}`);
  if (value !== null && value.trim() === '' && field.parents.length > 0) value = null;
  if (spec.required && (value === null || value.trim() === '')) {
    return quarantine('MIG003', spec.target, `${spec.target}${from}: required value is missing`);
  }
  if (value === null || field.parents.length === 0) return { kind: 'value', value };
  return resolveParent(field, value, from, context);
}

function resolveParent(
  field: CompiledField,
  legacyKey: string,
  from: string,
  context: EvaluateContext,
): FieldResult {
  const { spec } = field;
  if (spec.lookup?.many) return resolveMany(field, legacyKey, from, context);
  const status = findParent(field.parents, legacyKey, context.parents);
  if (spec.lookup?.deferred) {
    if (spec.lookup.onMissing === 'quarantine' && !context.sourceKeys?.has(legacyKey)) {
      return orphan(field, legacyKey, from, 'is no record of the source');
    }
    const id = status?.status === 'loaded' ? status.id : null;
    return { kind: 'value', value: id, deferredRef: legacyKey };
  }
  if (status?.status === 'loaded') return { kind: 'value', value: status.id };
  if (status?.status === 'out-of-scope' && spec.lookup?.parentOutOfScope !== 'orphan')
    return { kind: 'out-of-scope', rule: status.rule || PARENT_OUT_OF_SCOPE };
  if (spec.lookup?.onMissing === 'null') return { kind: 'value', value: null };
  return orphan(field, legacyKey, from, notMigrated(status));
}

function notMigrated(status: ParentStatus | undefined): string {
  if (status === undefined) return 'was never migrated';
  if (status.status === 'out-of-scope') return `is out of scope (${status.rule})`;
  return status.status === 'quarantined' ? `was quarantined (${status.reason})` : 'was migrated';
}

// Every key of the list must be migrated; the value is then their new ids, in list order.
function resolveMany(
  field: CompiledField,
  list: string,
  from: string,
  context: EvaluateContext,
): FieldResult {
  const ids: string[] = [];
  for (const legacyKey of list.split(',')) {
    const key = legacyKey.trim();
    if (key === '') continue;
    const status = findParent(field.parents, key, context.parents);
    if (status?.status === 'loaded') {
      ids.push(status.id);
      continue;
    }
    if (status?.status === 'out-of-scope' && field.spec.lookup?.parentOutOfScope !== 'orphan')
      return { kind: 'out-of-scope', rule: status.rule || PARENT_OUT_OF_SCOPE };
    return orphan(field, key, from, notMigrated(status));
  }
  return { kind: 'value', value: ids.join(',') };
}

function orphan(field: CompiledField, legacyKey: string, from: string, what: string): FieldResult {
  return quarantine(
    'ORPH01',
    field.spec.target,
    `${field.spec.target}${from}: parent ${field.parents.join('/')} ${JSON.stringify(legacyKey)} ${what}`,
  );
}

// A parent loaded by any of the entities wins; else the first verdict found explains why not.
function findParent(
  entities: readonly string[],
  legacyKey: string,
  lookup: ParentLookup | undefined,
): ParentStatus | undefined {
  if (lookup === undefined) return undefined;
  let first: ParentStatus | undefined;
  for (const entity of entities) {
    const status = lookup(entity, legacyKey);
    if (status?.status === 'loaded') return status;
    first ??= status;
  }
  return first;
}

function quarantine(reason: Problem['reason'], field: string, message: string): FieldResult {
  return { kind: 'quarantine', problem: { reason, field, message } };
}
