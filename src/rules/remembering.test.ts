import { describe, expect, it } from 'vitest';
import { remembering } from './remembering.ts';

describe('remembering', () => {
  it('computes a repeated text once, null and undefined results included', () => {
    const calls: string[] = [];
    const f = remembering((text: string) => {
      calls.push(text);
      return text === 'none' ? null : text === 'gone' ? undefined : text.length;
    });
    const inputs = ['ab', 'none', 'gone', 'ab', 'none', 'gone', 'abc'];
    expect(inputs.map(f)).toEqual([2, null, undefined, 2, null, undefined, 3]);
    expect(calls).toEqual(['ab', 'none', 'gone', 'abc']);
  });

  it('stops remembering texts that hardly repeat, and gives the same results after', () => {
    let calls = 0;
    const f = remembering((text: string) => {
      calls++;
      return `<${text}>`;
    });
    const distinct = Array.from({ length: 10_000 }, (_v, i) => String(i));
    expect(distinct.map(f)).toEqual(distinct.map((t) => `<${t}>`));
    calls = 0;
    // Remembered once, these would not be computed again; past the sample nothing is kept.
    expect(['1', '2', '1'].map(f)).toEqual(['<1>', '<2>', '<1>']);
    expect(calls).toBe(3);
  });

  it('keeps remembering texts that repeat, within its bound', () => {
    let calls = 0;
    const f = remembering((text: string) => {
      calls++;
      return text.toUpperCase();
    });
    for (let round = 0; round < 20; round++) for (let d = 0; d < 700; d++) f(`day-${d}`);
    expect(calls).toBe(700);
  });
});
