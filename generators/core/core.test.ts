import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGeneratedManifest } from '../generate-manifest.ts';
import { formatDhakaDateTime } from './dhaka-time.ts';
import { formatMinor, takaToMinor } from './money.ts';
import { createRng } from './rng.ts';
import { serializeRow } from './row-digest.ts';
import { scatteredNumber } from './unique-number.ts';

describe('generator core', () => {
  it('scatteredNumber is a bijection (no two indexes share a number)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(scatteredNumber(i, 4, 12345));
    expect(seen.size).toBe(10_000);
    expect(() => scatteredNumber(10_000, 4, 1)).toThrow(RangeError);
  });

  it('rng: the same (seed, stream, index) gives the same draws, independent of order', () => {
    const a = createRng(7, 'x');
    const first = [a.at(5).int(0, 1e9), a.at(6).int(0, 1e9)];
    const b = createRng(7, 'x');
    expect([b.at(5).int(0, 1e9), b.at(6).int(0, 1e9)]).toEqual(first);
    expect(createRng(7, 'y').at(5).int(0, 1e9)).not.toBe(first[0]);
    expect(createRng(8, 'x').at(5).int(0, 1e9)).not.toBe(first[0]);
    expect(a.at(1).faker.person.lastName()).toMatch(/^[A-Z][a-z]+$/); // Bangladeshi locale, not US
  });

  it('money from integer minor units', () => {
    expect(formatMinor(takaToMinor(50_000))).toBe('50000.00');
    expect(formatMinor(150_050n)).toBe('1500.50');
    expect(formatMinor(-5)).toBe('-0.05');
  });

  it('Dhaka wall-clock time, DST of 2009 included', () => {
    expect(formatDhakaDateTime(Date.parse('2026-06-30T18:00:00Z'))).toBe('2026-07-01 00:00:00');
    expect(formatDhakaDateTime(Date.parse('2009-07-01T00:00:00Z'))).toBe('2009-07-01 07:00:00');
  });

  it('serialises rows in LOAD DATA text form', () => {
    expect(serializeRow(['1', null, 'a\tb\nc\\d\r'])).toBe('1\t\\N\ta\\tb\\nc\\\\d\\r\n');
  });
});

describe('writeGeneratedManifest', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the manifest whole, and nothing at all for bad input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-manifest-'));
    dirs.push(dir);
    const path = join(dir, 'manifest.json');
    const manifest = await writeGeneratedManifest(path, {
      profile: 'ci',
      seed: 1,
      asOf: '2026-06-30T18:00:00Z',
    });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(manifest);
    const other = join(dir, 'bad.json');
    await expect(
      writeGeneratedManifest(other, { profile: 'ci', seed: -3, asOf: '2026-06-30T18:00:00Z' }),
    ).rejects.toMatchObject({
      code: 'CUTOVER_GENERATOR_INPUT',
    });
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });
});
