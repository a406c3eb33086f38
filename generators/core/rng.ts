import type { Faker } from '@faker-js/faker';
import { createBdFaker } from './bd-locale.ts';
import { createSfc32Randomizer, hashName } from './randomizer.ts';

export type Weighted<T> = readonly (readonly [value: T, weight: number])[];

/**
 * Seeded randomness for one stream (e.g. 'mysql.customers.identity'). `at(i)` reseeds for
 * item i, so an item's values depend only on (seed, stream, i): a later row can regenerate
 * an earlier row's identity (duplicates) without keeping the table in memory.
 */
export interface Rng {
  readonly faker: Faker;
  at(index: number): Rng;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: Weighted<T>): T;
  /** `count` decimal digits; the first is never 0 when `leadingNonZero`. */
  digits(count: number, leadingNonZero?: boolean): string;
}

export function createRng(seed: number, stream: string): Rng {
  const faker = createBdFaker(createSfc32Randomizer());
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / 4294967296) >>> 0;
  const streamHash = hashName(stream);

  const rng: Rng = {
    faker,
    at(index) {
      faker.seed([seedLo, seedHi, streamHash, index >>> 0]);
      return rng;
    },
    int: (min, max) => faker.number.int({ min, max }),
    chance: (probability) => faker.number.float({ min: 0, max: 1 }) < probability,
    pick: (items) => faker.helpers.arrayElement(items),
    weighted: (items) =>
      faker.helpers.weightedArrayElement(items.map(([value, weight]) => ({ value, weight }))),
    digits(count, leadingNonZero = false) {
      let out = leadingNonZero ? String(faker.number.int({ min: 1, max: 9 })) : '';
      while (out.length < count) out += String(faker.number.int({ min: 0, max: 9 }));
      return out;
    },
  };
  return rng.at(0);
}

/** Seeded Fisher-Yates permutation of 0..n-1; typed so that xl stays a few hundred KB. */
export function shuffledIndexes(rng: Rng, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
