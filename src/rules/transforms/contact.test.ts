import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../parse-pipeline.ts';

const run = (pipeline: string, value: string | null) => parsePipeline(pipeline).run(value);

describe('email (seed 000 §5.3 clean_email)', () => {
  it.each([
    ['John@Email.COM', 'john@email.com'],
    ['  a.b_c%d+e-f@mail.example.com.bd ', 'a.b_c%d+e-f@mail.example.com.bd'],
  ])('%j -> %j', (input, expected) => {
    expect(run('trim|lower|email', input)).toEqual({ ok: true, value: expected });
  });

  it('NULL and empty mean no email', () => {
    expect(run('trim|lower|email', null)).toEqual({ ok: true, value: null });
    expect(run('trim|lower|email', '  ')).toEqual({ ok: true, value: null });
  });

  it.each([
    'john.email.com',
    'john@',
    '@x.com',
    'john@x',
    'john@x.c',
    'jo hn@x.com',
    'rahim@ঢাকা.com',
  ])('%j is invalid (MIG004)', (input) => {
    expect(run('trim|lower|email', input)).toMatchObject({ ok: false, reason: 'MIG004' });
  });
});

describe('bd_mobile (seed 000 §5.3 clean_phone_number, strict)', () => {
  it.each([
    ['01712345678', '+8801712345678'],
    ['+8801712345678', '+8801712345678'],
    ['8801912345678', '+8801912345678'],
    ['1812345678', '+8801812345678'],
    ['017-1234-5678', '+8801712345678'],
    ['+880 1712 345678', '+8801712345678'],
    ['(017) 12345678', '+8801712345678'],
  ])('%j -> %j', (input, expected) => {
    expect(run('bd_mobile', input)).toEqual({ ok: true, value: expected });
  });

  it('NULL and empty stay NULL', () => {
    expect(run('bd_mobile', null)).toEqual({ ok: true, value: null });
    expect(run('bd_mobile', '')).toEqual({ ok: true, value: null });
  });

  it.each([
    '0171234567', // one digit short
    '017123456789', // one digit long
    '01212345678', // operator prefix 12 does not exist
    '+8802912345678', // a Dhaka landline, not a mobile
    '1234', //
    'n/a',
    '+1 555 123 4567',
    '0171234567+8',
  ])('%j is invalid (MIG004)', (input) => {
    expect(run('bd_mobile', input)).toMatchObject({ ok: false, reason: 'MIG004' });
  });
});

describe('bd_phone (landline or mobile)', () => {
  it.each([
    ['02-9123456', '+88029123456'],
    ['02 55012345', '+880255012345'],
    ['031-712345', '+88031712345'],
    ['0721-776655', '+880721776655'],
    ['+880 2 9123456', '+88029123456'],
    ['01712345678', '+8801712345678'],
    ['8801712345678', '+8801712345678'],
  ])('%j -> %j', (input, expected) => {
    expect(run('bd_phone', input)).toEqual({ ok: true, value: expected });
  });

  it.each(['12345', '0012345678', '+1 212 555 0100', 'ext 12', '02-12'])(
    '%j is invalid',
    (input) => {
      expect(run('bd_phone', input)).toMatchObject({ ok: false, reason: 'MIG004' });
    },
  );

  it('NULL stays NULL', () => {
    expect(run('bd_phone', null)).toEqual({ ok: true, value: null });
  });
});
