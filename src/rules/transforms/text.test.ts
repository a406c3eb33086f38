import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../parse-pipeline.ts';

const run = (pipeline: string, value: string | null) => parsePipeline(pipeline).run(value);
const value = (pipeline: string, input: string | null) => {
  const result = run(pipeline, input);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe('text transforms', () => {
  it('trim, collapse_spaces, lower, upper', () => {
    expect(value('trim', '  a b  ')).toBe('a b');
    expect(value('collapse_spaces', 'a \t  b\n c')).toBe('a b c');
    expect(value('lower', 'ABC Ä')).toBe('abc ä');
    expect(value('upper', 'abc')).toBe('ABC');
  });

  it('passes NULL through every text transform', () => {
    for (const name of [
      'trim',
      'collapse_spaces',
      'title_case',
      'lower',
      'upper',
      'line:0',
      'max_length:3',
      'alphanumeric',
    ]) {
      expect(run(name, null)).toEqual({ ok: true, value: null });
    }
  });

  it('title_case: Latin names, Bengali left intact, apostrophes and hyphens', () => {
    expect(value('title_case', 'MOHAMMAD rahim')).toBe('Mohammad Rahim');
    expect(value('title_case', 'মোহাম্মদ রহিম')).toBe('মোহাম্মদ রহিম');
    expect(value('title_case', 'rahim uddin (মোহাম্মদ)')).toBe('Rahim Uddin (মোহাম্মদ)');
    expect(value('title_case', "o'brien-SMITH")).toBe("O'brien-Smith");
    expect(value('title_case', "rahim's dairy")).toBe("Rahim's Dairy");
    expect(value('trim|collapse_spaces|title_case', '  md.   KARIM  ')).toBe('Md. Karim');
  });

  it('line:N: the N-th non-empty trimmed line (seed 000 §5.3 parse_address)', () => {
    const address = '  House 12, Road 5 \r\n\n  Dhanmondi  \nDhaka 1205';
    expect(value('line:0', address)).toBe('House 12, Road 5');
    expect(value('line:1', address)).toBe('Dhanmondi');
    expect(value('line:2', address)).toBe('Dhaka 1205');
    expect(value('line:3', address)).toBeNull();
    expect(value('line:1', 'single line')).toBeNull();
  });

  it('max_length counts characters, not bytes', () => {
    expect(value('max_length:4', 'রহিম')).toBe('রহিম');
    expect(run('max_length:3', 'abcd')).toMatchObject({ ok: false, reason: 'MIG004' });
  });

  it('alphanumeric (seed 002 item codes)', () => {
    expect(value('alphanumeric|max_length:20', 'SKU123')).toBe('SKU123');
    expect(run('alphanumeric', 'SKU-123')).toMatchObject({ ok: false, reason: 'MIG004' });
  });

  it('required: NULL, empty and blank are missing (MIG003)', () => {
    expect(run('required', null)).toMatchObject({ ok: false, reason: 'MIG003' });
    expect(run('required', '')).toMatchObject({ ok: false, reason: 'MIG003' });
    expect(run('trim|required', '   ')).toMatchObject({ ok: false, reason: 'MIG003' });
    expect(value('required', 'x')).toBe('x');
  });
});
