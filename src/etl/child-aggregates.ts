import { fromMinorUnits, toMinorUnits } from '../core/canonical.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { LegacySource, LocatedRecord, SourceRecord } from '../core/source.ts';
import { parsePipeline, type Pipeline } from '../rules/parse-pipeline.ts';
import type { ChildAggregate, ChildrenSpec } from '../rules/spec.ts';
import { isDecimalText } from '../rules/transforms/number.ts';

/** Sums are kept at this many decimals, then printed with the most any child value had. */
const SUM_PLACES = 12;

interface CompiledAggregate {
  spec: ChildAggregate;
  columns: readonly string[];
  pipeline: Pipeline;
}

/** What the children of one parent add up to, as the aggregates print it. */
type Group = {
  count: number;
  sums: bigint[][];
  places: number[];
  lists: Set<string>[];
  bad: (string | null)[];
};

/**
 * The parent's records with the aggregates of their children as extra columns (SourceSpec
 * .children): a voucher with its lines' debit total, credit total and account codes.
 * Parent and children are read side by side: children of one parent are contiguous and in
 * the parent's order (as exports write them), so only a group or two is held; a child
 * group that comes early waits in memory for its parent. A child value its transforms
 * refuse makes the aggregate the text 'invalid: ...', which the parent's rules refuse.
 */
export function withChildAggregates(
  parent: LegacySource,
  children: LegacySource,
  spec: ChildrenSpec,
  entity: string,
): LegacySource {
  const parentKey = typeof spec.parentKey === 'string' ? [spec.parentKey] : [...spec.parentKey];
  for (const column of parentKey) requireColumn(children, column, entity, 'children.parentKey');
  const aggregates = spec.aggregates.map((a) => compileAggregate(a, children, entity));
  const childKey = (r: SourceRecord): string => parentKey.map((c) => r[c] ?? '').join(':');
  const keyOf = (r: SourceRecord): string => parent.key.map((c) => r[c] ?? '').join(':');

  async function* rows(): AsyncIterable<LocatedRecord> {
    const pending = new Map<string, Group>();
    const childIterator = children.stream()[Symbol.asyncIterator]();
    let current: { key: string; group: Group } | null = null;
    let done = false;
    // Reads children until the group of `key` is complete (the next child has another key).
    const groupOf = async (key: string): Promise<Group | undefined> => {
      for (;;) {
        const ready = pending.get(key);
        if (ready !== undefined && (current === null || current.key !== key || done)) {
          pending.delete(key);
          return ready;
        }
        if (done) return undefined;
        const next = await childIterator.next();
        if (next.done) {
          done = true;
          current = null;
          continue;
        }
        const k = childKey(next.value);
        let group = pending.get(k);
        if (group === undefined) pending.set(k, (group = newGroup(aggregates.length)));
        addChild(group, aggregates, next.value);
        current = { key: k, group };
      }
    };
    for await (const located of parent.rows()) {
      const group = (await groupOf(keyOf(located.record))) ?? newGroup(aggregates.length);
      yield { record: { ...located.record, ...render(group, aggregates) }, row: located.row };
    }
  }

  return {
    kind: parent.kind,
    name: parent.name,
    columns: [...parent.columns, ...aggregates.map((a) => a.spec.column)],
    key: parent.key,
    count: () => parent.count(),
    rows,
    async *stream() {
      for await (const { record } of rows()) yield record;
    },
    location: (row) => parent.location(row),
    footer: () => parent.footer(),
    close: async () => {
      await Promise.all([parent.close(), children.close()]);
    },
    [Symbol.asyncDispose]: async () => {
      await Promise.all([parent.close(), children.close()]);
    },
  };
}

function compileAggregate(
  spec: ChildAggregate,
  children: LegacySource,
  entity: string,
): CompiledAggregate {
  const of = spec.of === undefined ? [] : typeof spec.of === 'string' ? [spec.of] : [...spec.of];
  const needs = spec.op === 'count' ? 0 : spec.op === 'net' ? 2 : 1;
  if (of.length !== needs) {
    throw new CutoverError(
      ErrorCodes.SPEC_INVALID,
      `Mapping spec of entity '${entity}', aggregate '${spec.column}': '${spec.op}' reads ${needs} child column(s).`,
      { details: { entity, field: spec.column } },
    );
  }
  const columns = of.map((c) => requireColumn(children, c, entity, `aggregate '${spec.column}'`));
  const pipeline = parsePipeline(spec.transforms ?? '', { entity, field: spec.column });
  return { spec, columns, pipeline };
}

function requireColumn(source: LegacySource, name: string, entity: string, usedBy: string): string {
  const column = source.columns.find((c) => c.toLowerCase() === name.toLowerCase());
  if (column === undefined) {
    throw new CutoverError(
      ErrorCodes.SPEC_INVALID,
      `Mapping spec of entity '${entity}', ${usedBy}: child column '${name}' does not exist in ${source.name} (columns: ${source.columns.join(', ')}).`,
      { details: { entity, field: usedBy, column: name } },
    );
  }
  return column;
}

function newGroup(n: number): Group {
  return {
    count: 0,
    sums: Array.from({ length: n }, () => [0n, 0n]),
    places: Array.from({ length: n }, () => 0),
    lists: Array.from({ length: n }, () => new Set<string>()),
    bad: Array.from({ length: n }, () => null),
  };
}

function addChild(
  group: Group,
  aggregates: readonly CompiledAggregate[],
  child: SourceRecord,
): void {
  group.count++;
  aggregates.forEach((aggregate, i) => {
    const { op } = aggregate.spec;
    if (op === 'count' || group.bad[i] !== null) return;
    aggregate.columns.forEach((column, side) => {
      const result = aggregate.pipeline.run(child[column] ?? null);
      const value = result.ok ? result.value : null;
      if (!result.ok) {
        group.bad[i] = `invalid: ${column} ${result.message}`;
        return;
      }
      if (op === 'list') {
        if (value !== null && value.trim() !== '') group.lists[i]!.add(value.trim());
        return;
      }
      if (value === null || value.trim() === '') return;
      if (!isDecimalText(value)) {
        group.bad[i] = `invalid: ${column} is not a number: ${JSON.stringify(value)}`;
        return;
      }
      const text = value.trim();
      const dot = text.indexOf('.');
      group.places[i] = Math.max(group.places[i]!, dot < 0 ? 0 : text.length - dot - 1);
      group.sums[i]![side]! += toMinorUnits(text, SUM_PLACES);
    });
  });
}

function render(group: Group, aggregates: readonly CompiledAggregate[]): SourceRecord {
  const out: SourceRecord = {};
  aggregates.forEach((aggregate, i) => {
    const { op, column } = aggregate.spec;
    const [a, b] = group.sums[i] as [bigint, bigint];
    const places = Math.min(group.places[i]!, SUM_PLACES);
    const scale = 10n ** BigInt(SUM_PLACES - places);
    if (group.bad[i] !== null) out[column] = group.bad[i]!;
    else if (op === 'count') out[column] = String(group.count);
    else if (op === 'list') out[column] = [...group.lists[i]!].join(',');
    else if (op === 'sum') out[column] = fromMinorUnits(a / scale, places);
    else out[column] = fromMinorUnits((a - b) / scale, places);
  });
  return out;
}
