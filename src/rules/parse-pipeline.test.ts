import { describe, expect, it } from 'vitest';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { parsePipeline } from './parse-pipeline.ts';

function specError(pipeline: string): CutoverError {
  try {
    parsePipeline(pipeline, { entity: 'customers', field: 'name' });
  } catch (error) {
    if (error instanceof CutoverError) return error;
    throw error;
  }
  throw new Error(`'${pipeline}' was accepted`);
}

describe('parsePipeline', () => {
  it('parses names and arguments; an argument keeps its colons, commas and equals signs', () => {
    const pipeline = parsePipeline('trim|map:a=b:c,d=e|default:0');
    expect(pipeline.steps.map((s) => [s.name, s.arg])).toEqual([
      ['trim', undefined],
      ['map', 'a=b:c,d=e'],
      ['default', '0'],
    ]);
    expect(pipeline.run('a')).toEqual({ ok: true, value: 'b:c' });
  });

  it('an empty pipeline is the identity', () => {
    expect(parsePipeline('').run('x')).toEqual({ ok: true, value: 'x' });
  });

  it('gives the same results when it remembers repeated inputs and after it stops remembering', () => {
    const text = 'trim|decimal:2|min:0';
    // A few repeated values (remembered), then distinct ones (the pipeline stops remembering
    // after its sample), then the repeated ones again, failures among them.
    const repeated = ['1.5', ' 2 ', '-3', 'x', '', '1.5'];
    const inputs = [
      ...Array.from({ length: 5000 }, (_v, i) => repeated[i % repeated.length]!),
      ...Array.from({ length: 9000 }, (_v, i) => String(i % 3 === 0 ? -i : i)),
      ...repeated,
    ];
    const remembering = parsePipeline(text);
    const results = inputs.map((v) => remembering.run(v));
    // A fresh pipeline per input never remembers anything: the reference.
    expect(results).toEqual(inputs.map((v) => parsePipeline(text).run(v)));
    expect(results.filter((r) => !r.ok).length).toBeGreaterThan(3000);
  });

  it('names the failing step in the failure message', () => {
    expect(parsePipeline('trim|email').run('nope')).toMatchObject({
      ok: false,
      message: 'email: not a valid email: "nope"',
    });
  });

  it.each([
    ['trim|titlecase', /unknown transform 'titlecase'/],
    ['toString', /unknown transform 'toString'/],
    ['round', /'round' needs an argument/],
    ['round:x', /not a whole number/],
    ['round:99', /between 0 and 12/],
    ['trim:1', /'trim' takes no argument/],
    ['line:-1', /not a whole number/],
    ['max_length:0', /between 1 and/],
    ['map:retail', /not a from=to pair/],
    ['map:a=1,a=2', /mapped twice/],
    ['map:', /needs an argument/],
    ['default', /needs a value/],
    ['date:ymd', /'mdy' or 'dmy'/],
    ['min:abc', /not a decimal/],
    ['trim||lower', /unknown transform ''/],
  ])('refuses %j with SPEC_INVALID naming entity and field', (pipeline, problem) => {
    const error = specError(pipeline);
    expect(error.code).toBe(ErrorCodes.SPEC_INVALID);
    expect(error.message).toMatch(problem);
    expect(error.message).toContain("entity 'customers'");
    expect(error.message).toContain("field 'name'");
  });
});
