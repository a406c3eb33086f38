import { fixed } from './decimal.ts';

/** A count and an exact amount; the amount rendered with `scale` decimals. */
export class Sum {
  count = 0;
  units = 0n;
  add(units: bigint | number): void {
    this.count++;
    this.units += BigInt(units);
  }
  toJSON(scale = 2): { count: number; amount: string } {
    return { count: this.count, amount: fixed(this.units, scale) };
  }
}

/** Sums per key (month 'YYYY-MM', account code), kept sorted by key when rendered. */
export class KeyedSums<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly create: () => T) {}
  at(key: string): T {
    let value = this.map.get(key);
    if (value === undefined) {
      value = this.create();
      this.map.set(key, value);
    }
    return value;
  }
  entries(): [string, T][] {
    return [...this.map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  render<R>(fn: (value: T) => R): Record<string, R> {
    return Object.fromEntries(this.entries().map(([k, v]) => [k, fn(v)]));
  }
}

/** Debit and credit totals in paisa. */
export class DebitCredit {
  count = 0;
  debit = 0n;
  credit = 0n;
  toJSON(): { count: number; debit: string; credit: string } {
    return { count: this.count, debit: fixed(this.debit, 2), credit: fixed(this.credit, 2) };
  }
}
