import { hashName, mix32 } from './randomizer.ts';

/**
 * The bulk tables' randomness (order lines, vouchers, milk readings): sfc32 inline, without
 * faker's per-call overhead or an allocation per reseed. Like `Rng.at`, `at(i)` reseeds for
 * item i, so item i depends only on (seed, stream, i) and any row can be regenerated
 * without keeping the table in memory. Seeding mirrors randomizer.ts's sfc32.
 */
export class FastRng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;
  private readonly seedLo: number;
  private readonly seedHi: number;
  private readonly stream: number;

  constructor(seed: number, stream: string) {
    this.seedLo = seed >>> 0;
    this.seedHi = Math.floor(seed / 4294967296) >>> 0;
    this.stream = hashName(stream);
    this.at(0);
  }

  at(index: number): this {
    this.a = mix32(this.seedLo, 0x9e3779b9);
    this.b = mix32(this.seedHi, this.a);
    this.c = mix32(this.stream, this.b);
    this.c = mix32(index >>> 0, this.c);
    this.c = mix32(Math.floor(index / 4294967296) >>> 0, this.c);
    this.d = 1;
    // Warm-up: sfc32's first outputs correlate with nearby seeds.
    for (let k = 0; k < 12; k++) this.next32();
    return this;
  }

  private next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.next32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An element of a typed array (plans keep ids and indexes in typed arrays). */
  pickOf(items: Uint32Array): number {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by integer weights, given as [value, weight] pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1]![0];
  }
}
