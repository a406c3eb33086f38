/**
 * Starts several resources at once and hands back all of them, or none: when one cannot be
 * started, the others that did are undone (their errors ignored) before the first error, in
 * the order given, goes on. A start that throws instead of rejecting counts as a rejection
 * too, so every other one is still awaited and undone.
 */
export async function allOrNone<T extends readonly unknown[]>(
  starts: readonly [...{ [K in keyof T]: () => Promise<T[K]> }],
  undo: (started: T[number]) => Promise<unknown>,
): Promise<T> {
  const settled = await Promise.allSettled(
    starts.map((start: () => Promise<T[number]>) => Promise.resolve().then(start)),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) {
    await Promise.allSettled(
      settled.flatMap((s) => (s.status === 'fulfilled' ? [undo(s.value)] : [])),
    );
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<T[number]>).value) as unknown as T;
}
