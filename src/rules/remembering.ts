/** Calls sampled before deciding whether remembering the results pays. */
const SAMPLE_CALLS = 4096;
/** Distinct inputs remembered at most; past it the memory starts again empty. */
const MAX_REMEMBERED = 65_536;

/**
 * A pure function of a text, with its results looked up instead of recomputed where its
 * inputs repeat (dates, statuses, codes, units), which also spares the allocations of
 * computing them. Inputs that hardly repeat (keys, amounts, names, time stamps) make it stop
 * remembering after a sample, so they pay only for that sample. Memory is bounded.
 */
export function remembering<R>(compute: (text: string) => R): (text: string) => R {
  let memory: Map<string, R> | undefined = new Map();
  let hits = 0;
  let misses = 0;
  return (text) => {
    if (memory === undefined) return compute(text);
    const known = memory.get(text);
    // has() only for a remembered undefined.
    if (known !== undefined || memory.has(text)) {
      hits++;
      return known as R;
    }
    const result = compute(text);
    misses++;
    // Decided once, on the first miss after the sample: fewer hits than misses never pays.
    if (misses + hits >= SAMPLE_CALLS && hits < misses) {
      memory = undefined;
      return result;
    }
    if (memory.size >= MAX_REMEMBERED) memory.clear();
    memory.set(text, result);
    return result;
  };
}
