import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../parse-pipeline.ts';

// Seed 000 §5.2, "Field-Level Transformations": every example of the table, through the
// pipelines the bundled specs use.
const run = (pipeline: string, value: string | null) => parsePipeline(pipeline).run(value);

describe('seed 000 §5.2 examples', () => {
  it.each([
    ['Name', 'trim|collapse_spaces|title_case', 'john doe', 'John Doe'],
    ['Phone', 'bd_mobile', '01712345678', '+8801712345678'],
    ['Email', 'trim|lower|email', 'John@Email.COM', 'john@email.com'],
    ['Date', 'date', '01/31/2024', '2024-01-31'],
    ['Amount', 'decimal:2', '1500.5', '1500.50'],
    [
      'Status',
      'map:pending=draft,confirmed=sale,shipped=done,cancelled=cancel',
      'Pending',
      'draft',
    ],
    ['Boolean yes', 'bool', 'yes', '1'],
    ['Boolean 1', 'bool', '1', '1'],
    ['Boolean true', 'bool', 'true', '1'],
  ])('%s: %s turns %j into %j', (_label, pipeline, input, expected) => {
    expect(run(pipeline, input)).toEqual({ ok: true, value: expected });
  });

  it("keeps seed 000 §5.3's '01' -> '+88' prefix rule: +88 + 01712345678 = +8801712345678", () => {
    expect(run('bd_mobile', '01712345678')).toEqual({ ok: true, value: '+8801712345678' });
  });
});
