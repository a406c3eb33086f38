import type { Randomizer } from '@faker-js/faker';

/**
 * A small-state PRNG (sfc32) behind faker's Randomizer port. Rows are reseeded one by one
 * (row i depends only on seed, stream and i, never on the rows before it), and faker's
 * Mersenne Twister costs ~30 µs per reseed, which would dominate the xl profile.
 */
export function createSfc32Randomizer(): Randomizer {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 1;

  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };

  return {
    next: () => next32() / 4294967296,
    seed(seed: number | number[]) {
      const words = Array.isArray(seed) ? seed : [seed];
      a = mix32(words[0] ?? 0, 0x9e3779b9);
      b = mix32(words[1] ?? 0, a);
      c = mix32(words[2] ?? 0, b);
      d = 1;
      for (let i = 3; i < words.length; i++) c = mix32(words[i] ?? 0, c);
      // Warm-up: sfc32's first outputs correlate with nearby seeds.
      for (let i = 0; i < 12; i++) next32();
    },
  };
}

/** murmur3-style finaliser of a word combined with a running state. */
export function mix32(word: number, state: number): number {
  let h = Math.imul((word ^ state) >>> 0, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a stream name, so each table and purpose draws from its own sequence. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
