import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../parse-pipeline.ts';

const run = (pipeline: string, value: string | null) => parsePipeline(pipeline).run(value);

describe('map', () => {
  const types = 'map:retail=b2c,wholesale=b2b';

  it('maps known values, exact first, then case-insensitively', () => {
    expect(run(types, 'retail')).toEqual({ ok: true, value: 'b2c' });
    expect(run(types, ' Wholesale ')).toEqual({ ok: true, value: 'b2b' });
    expect(run('map:A=x,a=y', 'a')).toEqual({ ok: true, value: 'y' });
  });

  it('an unknown value is invalid, NULL stays NULL', () => {
    expect(run(types, 'corporate')).toMatchObject({
      ok: false,
      reason: 'MIG004',
      message: 'map: no mapping for "corporate"',
    });
    expect(run(types, null)).toEqual({ ok: true, value: null });
  });

  it('maps to booleans for derived flags (is_company = wholesale)', () => {
    expect(run('map:retail=0,wholesale=1|bool', 'wholesale')).toEqual({ ok: true, value: '1' });
  });
});

describe('default', () => {
  it('fills NULL and empty, keeps anything else', () => {
    expect(run('default:BD', null)).toEqual({ ok: true, value: 'BD' });
    expect(run('default:BD', '')).toEqual({ ok: true, value: 'BD' });
    expect(run('default:BD', 'IN')).toEqual({ ok: true, value: 'IN' });
    expect(run('default:', null)).toEqual({ ok: true, value: '' });
  });
});

describe('bool (seed 000 §5.2)', () => {
  it.each([
    ['yes', '1'],
    ['1', '1'],
    ['true', '1'],
    ['TRUE', '1'],
    ['Y', '1'],
    ['no', '0'],
    ['0', '0'],
    ['false', '0'],
  ])('%j -> %j', (input, expected) => {
    expect(run('bool', input)).toEqual({ ok: true, value: expected });
  });

  it('anything else is invalid', () => {
    expect(run('bool', 'maybe')).toMatchObject({ ok: false, reason: 'MIG004' });
    expect(run('bool', '2')).toMatchObject({ ok: false, reason: 'MIG004' });
  });
});

describe('city (seed 000 §5.3 list)', () => {
  it.each([
    ['dhaka', 'Dhaka'],
    ['  DHAKA ', 'Dhaka'],
    ['Chattogram', 'Chittagong'],
    ['Barishal', 'Barisal'],
    ['Cumilla', 'Comilla'],
    ['ঢাকা', 'Dhaka'],
    ['নারায়ণগঞ্জ', 'Narayanganj'],
    ['narayanganj', 'Narayanganj'],
  ])('%j -> %j', (input, expected) => {
    expect(run('trim|city', input)).toEqual({ ok: true, value: expected });
  });

  it('a city not on the list is invalid; empty is NULL', () => {
    expect(run('city', 'Mymensingh')).toMatchObject({ ok: false, reason: 'MIG004' });
    expect(run('city', 'Dhaka 1205')).toMatchObject({ ok: false, reason: 'MIG004' });
    expect(run('city', '')).toEqual({ ok: true, value: null });
  });
});
