import { CutoverError, ErrorCodes } from '../core/errors.ts';
import type { RawValue } from '../core/dialect.ts';
import { remembering } from './remembering.ts';
import { TRANSFORMS, transformNames } from './transform-registry.ts';
import { ok, TransformArgumentError, type Transform, type TransformResult } from './transform.ts';

export interface PipelineStep {
  name: string;
  arg?: string;
  run: Transform;
}

export interface Pipeline {
  readonly text: string;
  readonly steps: readonly PipelineStep[];
  /** Runs the steps in order; the first failure stops the pipeline. */
  run(value: RawValue): TransformResult;
}

/** Where a pipeline comes from, for error messages. */
export interface PipelineContext {
  entity?: string;
  field?: string;
  /** The run's asOf, for transforms that compare with it (not_future). */
  asOf?: string;
}

/**
 * Parses 'trim|title_case' or 'default:0|decimal:2'. Everything after the first ':' is the
 * argument (so 'map:a=b,c=d' keeps its commas and equals signs). A bad pipeline throws
 * SPEC_INVALID here, before any row moves.
 */
export function parsePipeline(text: string, context: PipelineContext = {}): Pipeline {
  const steps =
    text.trim() === '' ? [] : text.split('|').map((part) => parseStep(part, text, context));
  const runSteps = (value: RawValue): TransformResult => {
    let current = value;
    for (const step of steps) {
      const result = step.run(current);
      if (!result.ok) return { ...result, message: `${step.name}: ${result.message}` };
      current = result.value;
    }
    return ok(current);
  };
  return { text, steps, run: steps.length === 0 ? ok : remembered(runSteps) };
}

/**
 * Transforms are pure functions of their input (asOf is fixed per pipeline), and many
 * columns repeat a few values: their results are remembered (`remembering`).
 */
function remembered(run: (value: RawValue) => TransformResult): Pipeline['run'] {
  const known = remembering(run);
  return (value) => (value === null ? run(value) : known(value));
}

function parseStep(part: string, text: string, context: PipelineContext): PipelineStep {
  const colon = part.indexOf(':');
  const name = (colon < 0 ? part : part.slice(0, colon)).trim();
  const arg = colon < 0 ? undefined : part.slice(colon + 1);
  const factory = Object.hasOwn(TRANSFORMS, name) ? TRANSFORMS[name] : undefined;
  if (factory === undefined) {
    throw specError(
      context,
      text,
      `unknown transform '${name}' (known: ${transformNames().join(', ')})`,
    );
  }
  try {
    const run = factory(arg, context.asOf === undefined ? {} : { asOf: context.asOf });
    return arg === undefined ? { name, run } : { name, arg, run };
  } catch (error) {
    if (error instanceof TransformArgumentError)
      throw specError(context, text, error.message, error);
    throw error;
  }
}

function specError(
  context: PipelineContext,
  text: string,
  problem: string,
  cause?: unknown,
): CutoverError {
  const where = [
    context.entity && `entity '${context.entity}'`,
    context.field && `field '${context.field}'`,
  ]
    .filter(Boolean)
    .join(', ');
  const details: Record<string, string> = { pipeline: text };
  if (context.entity) details['entity'] = context.entity;
  if (context.field) details['field'] = context.field;
  return new CutoverError(
    ErrorCodes.SPEC_INVALID,
    `Mapping spec${where ? ` (${where})` : ''}: pipeline '${text}': ${problem}. Fix the spec and re-run.`,
    cause === undefined ? { details } : { details, cause },
  );
}
