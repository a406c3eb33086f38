import { CutoverError, ErrorCodes } from '../../src/core/errors.ts';
import { isProfileName, PROFILE_NAMES } from './profiles.ts';
import type { ProfileName } from './profiles.ts';

export interface GeneratorOptions {
  profile: ProfileName;
  /** Non-negative safe integer. */
  seed: number;
  /** The run's pinned instant: ISO 8601 with 'Z' or an offset, or a Date. */
  asOf: string | Date;
}

export interface GeneratorInput {
  profile: ProfileName;
  seed: number;
  /** Normalised 'YYYY-MM-DDTHH:MM:SS.sssZ'. */
  asOf: string;
  asOfMs: number;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** Validates what every generator takes; throws GENERATOR_INPUT saying what is allowed. */
export function parseGeneratorInput(options: GeneratorOptions): GeneratorInput {
  const { profile, seed, asOf } = (options ?? {}) as Partial<GeneratorOptions>;
  if (!isProfileName(profile)) {
    throw inputError(
      `unknown profile ${JSON.stringify(profile)}: use one of ${PROFILE_NAMES.join(', ')}`,
      'profile',
    );
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw inputError(
      `seed ${String(seed)} is not allowed: use a non-negative integer up to ${Number.MAX_SAFE_INTEGER}`,
      'seed',
    );
  }
  const asOfMs = parseAsOf(asOf);
  return { profile, seed, asOf: new Date(asOfMs).toISOString(), asOfMs };
}

function parseAsOf(asOf: unknown): number {
  const allowed =
    "use an ISO 8601 instant with a time zone, e.g. '2026-06-30T18:00:00Z', between 2000 and 2100";
  let ms = Number.NaN;
  if (asOf instanceof Date) ms = asOf.getTime();
  // A zone-less string would be read in the machine's zone, so the same asOf would mean
  // different instants on a laptop and in CI.
  else if (typeof asOf === 'string' && ISO_WITH_ZONE.test(asOf)) ms = Date.parse(asOf);
  if (!Number.isFinite(ms) || ms < EARLIEST || ms >= LATEST) {
    throw inputError(
      `asOf ${JSON.stringify(asOf instanceof Date ? String(asOf) : asOf)} is not allowed: ${allowed}`,
      'asOf',
    );
  }
  return ms;
}

function inputError(message: string, option: string): CutoverError {
  return new CutoverError(ErrorCodes.GENERATOR_INPUT, message, { details: { option } });
}
