import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../parse-pipeline.ts';
import { compareDecimals } from './number.ts';

const run = (pipeline: string, value: string | null) => parsePipeline(pipeline).run(value);

describe('decimal transforms: exact, string in, string out', () => {
  it.each([
    ['decimal:2', '1500.5', '1500.50'],
    ['round:2', '1500.5', '1500.50'],
    ['round:2', '0.005', '0.01'],
    ['round:2', '-0.005', '-0.01'],
    ['round:2', '2.675', '2.68'], // 2.675 is 2.67499999... as a float
    ['round:0', '2.5', '3'],
    ['decimal:2', '99999999999999999.994', '99999999999999999.99'],
    ['decimal:2', '  12 ', '12.00'],
    ['decimal:3', '.5', '0.500'],
    ['abs', '-12.30', '12.30'],
    ['abs|round:2', '-1500.555', '1500.56'],
    ['default:0|decimal:2', '', '0.00'],
    ['default:0|decimal:2', null, '0.00'],
  ])('%s: %j -> %j', (pipeline, input, expected) => {
    expect(run(pipeline, input)).toEqual({ ok: true, value: expected });
  });

  it.each(['abc', '1,500.00', '1e5', '', '-', '.'])('%j is not a decimal', (input) => {
    expect(run('decimal:2', input)).toMatchObject({ ok: false, reason: 'MIG004' });
  });

  it('min and max compare exactly (seed 002 min:0|max:999999999)', () => {
    expect(run('min:0|max:999999999', '0')).toEqual({ ok: true, value: '0' });
    expect(run('min:0', '-0.01')).toMatchObject({ ok: false, reason: 'MIG004' });
    expect(run('max:999999999', '999999999.001')).toMatchObject({ ok: false, reason: 'MIG004' });
    expect(compareDecimals('10.10', '10.1')).toBe(0);
    expect(compareDecimals('-2', '1.5')).toBe(-1);
  });
});
