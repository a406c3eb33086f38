import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../parse-pipeline.ts';

const run = (pipeline: string, value: string | null) => parsePipeline(pipeline).run(value);

describe('dhaka_to_utc: Asia/Dhaka is +06:00 all year', () => {
  it.each([
    ['2024-01-31 10:00:00', '2024-01-31 04:00:00'],
    ['2024-01-01 03:59:59', '2023-12-31 21:59:59'],
    ['2024-03-01 05:00:00', '2024-02-29 23:00:00'],
    ['2023-07-15 12:30:00', '2023-07-15 06:30:00'], // no summer time
    ['2024-01-31T10:00:00', '2024-01-31 04:00:00'],
    ['2024-01-31 10:00:00.123456', '2024-01-31 04:00:00'],
    ['2024-01-31', '2024-01-30 18:00:00'],
    ['0050-01-01 06:00:00', '0050-01-01 00:00:00'],
  ])('%j -> %j', (input, expected) => {
    expect(run('dhaka_to_utc', input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '0000-00-00 00:00:00',
    '0000-00-00',
    '2023-02-29 10:00:00',
    '2024-13-01 00:00:00',
    '2024-01-01 24:00:00',
    '31/01/2024',
  ])('%j is invalid (MySQL zero dates included)', (input) => {
    expect(run('dhaka_to_utc', input)).toMatchObject({ ok: false, reason: 'MIG004' });
  });

  it('NULL stays NULL', () => {
    expect(run('dhaka_to_utc', null)).toEqual({ ok: true, value: null });
  });
});

describe('date: to ISO YYYY-MM-DD', () => {
  it.each([
    ['date', '01/31/2024', '2024-01-31'],
    ['date:mdy', '1/5/2024', '2024-01-05'],
    ['date:dmy', '31/01/2024', '2024-01-31'],
    ['date:dmy', '31.01.2024', '2024-01-31'],
    ['date', '2024-01-31', '2024-01-31'],
    ['date', '2024-01-31 23:59:59', '2024-01-31'],
  ])('%s: %j -> %j', (pipeline, input, expected) => {
    expect(run(pipeline, input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['date', '31/01/2024'],
    ['date:dmy', '01/31/2024'],
    ['date', '02/30/2024'],
    ['date', 'yesterday'],
    ['date', '0000-00-00'],
  ])('%s: %j is invalid', (pipeline, input) => {
    expect(run(pipeline, input)).toMatchObject({ ok: false, reason: 'MIG004' });
  });
});
