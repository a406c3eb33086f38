import { describe, expect, it } from 'vitest';
import { fromMinorUnits, toMinorUnits } from './canonical.ts';

describe('toMinorUnits', () => {
  it.each([
    ['123.45', 2, 12345n],
    ['-123.45', 2, -12345n],
    ['7', 2, 700n],
    ['0.5', 0, 1n],
    ['-0.5', 0, -1n],
    ['2.675', 2, 268n],
    ['-2.674', 2, -267n],
    ['1.', 2, 100n],
    ['.25', 2, 25n],
    [' +3.10 ', 2, 310n],
    ['-0', 2, 0n],
    ['-12', 2, -1200n],
    ['-0.5', 3, -500n],
    ['1.', 0, 1n],
    ['9.5', 0, 10n],
    ['00012.3', 3, 12300n],
    ['123456789012345678901234.5', 1, 1234567890123456789012345n],
  ])('%s at %i decimals is %s', (text, places, units) => {
    expect(toMinorUnits(text, places)).toBe(units);
  });

  it.each(['', '-', '.', '1.2.3', '1e5', 'abc', '1,234.50', '--1'])('refuses %j', (text) => {
    expect(() => toMinorUnits(text, 2)).toThrow(RangeError);
  });

  // The plain path (no regular expression) must agree with the general one everywhere.
  it('agrees with the decimal pattern on generated numbers', () => {
    let seed = 7;
    const shapes = new Set<string>();
    // 32-bit LCG (Math.imul keeps it exact), high bits out: every parity and length comes up.
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    for (let i = 0; i < 20_000; i++) {
      const whole = String(next() % 1_000_000);
      const frac = String(next()).slice(0, next() % 6);
      const text = `${next() % 2 ? '-' : ''}${whole}${frac === '' && next() % 2 ? '' : '.'}${frac}`;
      const places = next() % 5;
      const padded = ` ${text} `; // spaces take the pattern's path
      expect(toMinorUnits(text, places), text).toBe(toMinorUnits(padded, places));
      shapes.add(`${text.startsWith('-')}/${text.includes('.')}/${frac.length}`);
      expect(fromMinorUnits(toMinorUnits(text, places), places)).toMatch(/^-?\d+(\.\d+)?$/);
    }
    // Signed and unsigned: integers without a point, and a point with 0-5 decimals.
    expect(shapes.size).toBe(2 * (1 + 6));
  });
});
