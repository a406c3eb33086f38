import type { RawValue } from '../core/dialect.ts';

/**
 * A transform is a pure function of one field value. It never throws for bad data: a value
 * it cannot accept is reported as a failure, which the spec turns into a quarantine (or a
 * NULL, when the field says so). Throwing is kept for a bad spec, before any row moves.
 */
export type TransformResult =
  | { ok: true; value: RawValue }
  | { ok: false; reason: FailureReason; message: string };

/** MIG003: a required value is missing. MIG004: a value fails validation (seed 002). */
export type FailureReason = 'MIG003' | 'MIG004';

export type Transform = (value: RawValue) => TransformResult;

/**
 * Builds a transform from its argument text (`round:2` -> '2'). Throws TransformArgumentError
 * when the argument is missing, superfluous or malformed.
 */
export type TransformFactory = (arg: string | undefined, context: TransformContext) => Transform;

/** What a transform may know besides its argument: the run's pinned instant, never NOW(). */
export interface TransformContext {
  asOf?: string;
}

export class TransformArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransformArgumentError';
  }
}

export function ok(value: RawValue): TransformResult {
  return { ok: true, value };
}

export function invalid(message: string): TransformResult {
  return { ok: false, reason: 'MIG004', message };
}

export function missing(message: string): TransformResult {
  return { ok: false, reason: 'MIG003', message };
}

/** A transform of non-NULL values; NULL passes through untouched. */
export function onText(fn: (value: string) => TransformResult): Transform {
  return (value) => (value === null ? ok(null) : fn(value));
}

/** A total text function lifted to a transform (NULL passes through). */
export function mapText(fn: (value: string) => string): Transform {
  return onText((value) => ok(fn(value)));
}

export function noArgument(name: string, factory: () => Transform): TransformFactory {
  return (arg) => {
    if (arg !== undefined) throw new TransformArgumentError(`'${name}' takes no argument`);
    return factory();
  };
}

export function requireArgument(name: string, arg: string | undefined): string {
  if (arg === undefined || arg === '') {
    throw new TransformArgumentError(`'${name}' needs an argument, as in '${name}:...'`);
  }
  return arg;
}

export function integerArgument(
  name: string,
  arg: string | undefined,
  min: number,
  max: number,
): number {
  const text = requireArgument(name, arg);
  if (!/^\d+$/.test(text))
    throw new TransformArgumentError(`'${name}:${text}': not a whole number`);
  const n = Number(text);
  if (n < min || n > max) {
    throw new TransformArgumentError(`'${name}:${text}': must be between ${min} and ${max}`);
  }
  return n;
}

/** Shows a value in a failure message without flooding a report. */
export function shown(value: string): string {
  const text = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(text);
}
