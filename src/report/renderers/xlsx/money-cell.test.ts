import { describe, expect, it } from 'vitest';
import { exactDecimalCell } from './money-cell.ts';

describe('exactDecimalCell', () => {
  it('writes figures Excel shows exactly as numbers', () => {
    expect(exactDecimalCell('184512734.50')).toEqual({ kind: 'number', value: 184512734.5 });
    expect(exactDecimalCell('-1.50')).toEqual({ kind: 'number', value: -1.5 });
    expect(exactDecimalCell('0.00')).toEqual({ kind: 'number', value: 0 });
    expect(exactDecimalCell('9999999999999.99')).toEqual({
      kind: 'number',
      value: 9999999999999.99,
    });
  });

  it('keeps longer figures as text rather than rounding them', () => {
    expect(exactDecimalCell('12345678901234.56')).toEqual({
      kind: 'text',
      value: '12345678901234.56',
    });
    expect(exactDecimalCell('9007199254740993')).toEqual({
      kind: 'text',
      value: '9007199254740993',
    });
    expect(exactDecimalCell('n/a')).toEqual({ kind: 'text', value: 'n/a' });
  });
});
