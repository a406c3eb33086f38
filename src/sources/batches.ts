import type { LocatedRecord, SourceRecord } from '../core/source.ts';

/** Records a source gathers into one batch at most (a CSV export: what one read parsed). */
export const SOURCE_BATCH = 1000;

/**
 * Items made into records and handed on SOURCE_BATCH at a time. An input read synchronously
 * (a SQLite statement) is not awaited per item. When reading fails part-way, the records
 * made before the failure are handed on first, then the error: as a record-at-a-time
 * source would.
 */
export async function* gatherBatches<T>(
  items: Iterable<T> | AsyncIterable<T>,
  make: (item: T, row: number) => LocatedRecord,
): AsyncGenerator<LocatedRecord[]> {
  let batch: LocatedRecord[] = [];
  let row = 0;
  const add = (item: T): boolean => {
    batch.push(make(item, ++row));
    return batch.length === SOURCE_BATCH;
  };
  const take = (): LocatedRecord[] => {
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
