import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../parse-pipeline.ts';
import { fixMojibakeText } from './mojibake.ts';

const misread = (text: string): string =>
  new TextDecoder('windows-1252').decode(Buffer.from(text, 'utf8'));

describe('fix_mojibake: one round of UTF-8 read as cp1252, undone', () => {
  it.each(['রহিম', 'মোহাম্মদ করিম', 'José Núñez', 'Café – “quoted”', 'Rahim Uddin'])(
    '%j survives being misread once',
    (original) => {
      expect(fixMojibakeText(misread(original))).toBe(original);
    },
  );

  it.each(['রহিম', 'José', 'plain ascii', '', 'Ã alone'])(
    '%j, not mojibake, is unchanged',
    (text) => {
      expect(fixMojibakeText(text)).toBe(text);
    },
  );

  it('is the first step of a name pipeline and passes NULL', () => {
    const pipeline = parsePipeline('fix_mojibake|trim|title_case');
    expect(pipeline.run(misread('  rahim উদ্দিন '))).toEqual({ ok: true, value: 'Rahim উদ্দিন' });
    expect(pipeline.run(null)).toEqual({ ok: true, value: null });
  });
});
