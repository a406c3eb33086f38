import { fromMinorUnits, toMinorUnits } from '../core/canonical.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { LegacySource, LocatedRecord, SourceRecord } from '../core/source.ts';
import { batchReaders } from '../sources/batches.ts';
import { keyText } from '../rules/key-text.ts';
import { parsePipeline, type Pipeline } from '../rules/parse-pipeline.ts';
import type { ChildAggregate, ChildrenSpec } from '../rules/spec.ts';
import { isDecimalText } from '../rules/transforms/number.ts';

/** groupOf's answer when the children read so far end before the group does. */
const MORE = Symbol('more children');

/** Child values are summed at most at this many decimals (rounded half away beyond). */
const SUM_PLACES = 12;

interface CompiledAggregate {
  spec: ChildAggregate;
  columns: readonly string[];
  pipeline: Pipeline;
}

/** What one aggregate has gathered from the children of one parent so far. */
interface Accumulator {
  /** Sums of of[0] and of[1] in units of 10^-places (sum and net). */
  a: bigint;
  b: bigint;
  /** Most decimals any summed child value had (at most SUM_PLACES). */
  places: number;
  /** Distinct values (list), made on the first one. */
  list: Set<string> | null;
  /** Why the aggregate is invalid, once a child value is refused. */
  bad: string | null;
}

/** What the children of one parent add up to, as the aggregates print it. */
interface Group {
  count: number;
  accumulators: Accumulator[];
}

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
  const childKey = keyText(parentKey);
  const keyOf = keyText(parent.key);

  async function* batches(): AsyncIterable<LocatedRecord[]> {
    const pending = new Map<string, Group>();
    const childBatches = children.batches()[Symbol.asyncIterator]();
    let childBatch: LocatedRecord[] = [];
    let next = 0;
    // The key of the child group being read: it is complete once a child of another key
    // comes, or the children end.
    let current: string | null = null;
    let done = false;
    // The group of `key` from the children read so far, reading on while they last: the
    // group, undefined (the children ended without one), or MORE (read the next batch).
    const groupOf = (key: string): Group | undefined | typeof MORE => {
      for (;;) {
        const ready = pending.get(key);
        if (ready !== undefined && (current !== key || done)) {
          pending.delete(key);
          return ready;
        }
        if (done) return undefined;
        if (next === childBatch.length) return MORE;
        const child = childBatch[next++]!.record;
        const k = childKey(child);
        let group = pending.get(k);
        if (group === undefined) pending.set(k, (group = newGroup(aggregates.length)));
        addChild(group, aggregates, child);
        current = k;
      }
    };
    const readChildren = async (): Promise<void> => {
      const read = await childBatches.next();
      if (read.done) {
        done = true;
      } else {
        childBatch = read.value;
        next = 0;
      }
    };
    try {
      for await (const batch of parent.batches()) {
        for (const located of batch) {
          const key = keyOf(located.record);
          let group = groupOf(key);
          while (group === MORE) {
            await readChildren();
            group = groupOf(key);
          }
          // The parent's record is fresh (LegacySource.rows): it takes the aggregates itself.
          render(group ?? newGroup(aggregates.length), aggregates, located.record);
        }
        yield batch;
      }
    } finally {
      // Parents that end first, or fail, leave the children's file open otherwise.
      if (!done) await childBatches.return?.();
    }
  }

  return {
    kind: parent.kind,
    name: parent.name,
    columns: [...parent.columns, ...aggregates.map((a) => a.spec.column)],
    key: parent.key,
    count: () => parent.count(),
    ...batchReaders(batches),
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
  const accumulators: Accumulator[] = new Array<Accumulator>(n);
  for (let i = 0; i < n; i++) accumulators[i] = { a: 0n, b: 0n, places: 0, list: null, bad: null };
  return { count: 0, accumulators };
}

// Plain loops: this runs for every child record of an export (233k voucher lines at `doc`).
function addChild(
  group: Group,
  aggregates: readonly CompiledAggregate[],
  child: SourceRecord,
): void {
  group.count++;
  for (let i = 0; i < aggregates.length; i++) {
    const aggregate = aggregates[i]!;
    const op = aggregate.spec.op;
    const acc = group.accumulators[i]!;
    if (op === 'count' || acc.bad !== null) continue;
    const { columns } = aggregate;
    for (let side = 0; side < columns.length; side++) {
      const column = columns[side]!;
      const result = aggregate.pipeline.run(child[column] ?? null);
      if (!result.ok) {
        acc.bad = `invalid: ${column} ${result.message}`;
        break;
      }
      const value = result.value;
      if (value === null) continue;
      const text = value.trim();
      if (text === '') continue;
      if (op === 'list') {
        (acc.list ??= new Set<string>()).add(text);
        continue;
      }
      if (!isDecimalText(text)) {
        acc.bad = `invalid: ${column} is not a number: ${JSON.stringify(value)}`;
        break;
      }
      // Sums are kept at the most decimals seen so far (at most SUM_PLACES): short numbers
      // convert faster than ones padded to twelve places.
      const dot = text.indexOf('.');
      const places = Math.min(dot < 0 ? 0 : text.length - dot - 1, SUM_PLACES);
      if (places > acc.places) {
        const factor = 10n ** BigInt(places - acc.places);
        acc.a *= factor;
        acc.b *= factor;
        acc.places = places;
      }
      if (side === 0) acc.a += toMinorUnits(text, acc.places);
      else acc.b += toMinorUnits(text, acc.places);
    }
  }
}

function render(group: Group, aggregates: readonly CompiledAggregate[], out: SourceRecord): void {
  for (let i = 0; i < aggregates.length; i++) {
    const { op, column } = aggregates[i]!.spec;
    const acc = group.accumulators[i]!;
    if (acc.bad !== null) out[column] = acc.bad;
    else if (op === 'count') out[column] = String(group.count);
    else if (op === 'list') out[column] = acc.list === null ? '' : [...acc.list].join(',');
    else if (op === 'sum') out[column] = fromMinorUnits(acc.a, acc.places);
    else out[column] = fromMinorUnits(acc.a - acc.b, acc.places);
  }
}
