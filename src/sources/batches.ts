import type { LegacySource, LocatedRecord, SourceRecord } from '../core/source.ts';

/** Records a source gathers into one batch at most (a CSV export: what one read parsed). */
export const SOURCE_BATCH = 1000;

/**
 * Items made into records (or a file's rows) and handed on SOURCE_BATCH at a time, `make`
 * given each item's 1-based ordinal. An input read synchronously (a SQLite statement) is
 * not awaited per item. When reading fails part-way, what was made before the failure is
 * handed on first, then the error: as a record-at-a-time source would.
 */
export async function* gatherBatches<T, R = LocatedRecord>(
  items: Iterable<T> | AsyncIterable<T>,
  make: (item: T, ordinal: number) => R,
): AsyncGenerator<R[]> {
  let batch: R[] = [];
  let ordinal = 0;
  const add = (item: T): boolean => {
    batch.push(make(item, ++ordinal));
    return batch.length === SOURCE_BATCH;
  };
  const take = (): R[] => {
    const full = batch;
    batch = [];
    return full;
  };
  try {
    if (Symbol.iterator in items) {
      for (const item of items) if (add(item)) yield take();
    } else {
      for await (const item of items) if (add(item)) yield take();
    }
  } catch (error) {
    if (batch.length > 0) yield take();
    throw error;
  }
  if (batch.length > 0) yield take();
}

/**
 * A source's three readers from its batches(): rows() and stream() are derived from it.
 * Spread into the LegacySource.
 */
export function batchReaders(
  batches: () => AsyncIterable<LocatedRecord[]>,
): Pick<LegacySource, 'batches' | 'rows' | 'stream'> {
  return { batches, rows: () => rowsOf(batches()), stream: () => recordsOf(batches()) };
}

/** rows() of a source that reads in batches. */
export async function* rowsOf(
  batches: AsyncIterable<LocatedRecord[]>,
): AsyncGenerator<LocatedRecord> {
  for await (const batch of batches) yield* batch;
}

/** stream() of a source that reads in batches. */
export async function* recordsOf(
  batches: AsyncIterable<LocatedRecord[]>,
): AsyncGenerator<SourceRecord> {
  for await (const batch of batches) for (const { record } of batch) yield record;
}
