import { CutoverError, ErrorCodes } from '../core/errors.ts';

export type Profile = 'ci' | 'doc' | 'xl';
export const PROFILES: readonly Profile[] = ['ci', 'doc', 'xl'];
export type ConflictStrategy = 'skip' | 'update' | 'create-new';

export interface ReconcileOptions {
  profile: Profile;
  seed: number;
  /** The pinned instant, ISO 8601 UTC. */
  asOf: string;
  outDir?: string;
  keep: boolean;
  checkOnly: boolean;
  legacyUrl?: string;
  /** Folder of the legacy files (accounting exports, farm SQLite, register) when not seeded. */
  estateDir?: string;
  /** Accepted exceptions; default: the nearest dispositions.json above each suite file. */
  dispositionsPath?: string;
  targetUrl?: string;
  /** Defects to plant after the load, to prove the checks catch them. */
  plant: string[];
  conflictStrategy: ConflictStrategy;
  suitesDir: string;
  /** Skip the PDF (no Chromium needed). */
  formats?: readonly ('json' | 'html' | 'pdf' | 'xlsx' | 'junit')[];
}

/** Start of the current UTC day: the default asOf, so a day's runs agree with each other. */
export function defaultAsOf(now = new Date()): string {
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  ).toISOString();
}

export function parseAsOf(text: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `--as-of '${text}' is not a date: give an ISO date or instant, e.g. 2026-06-30 or 2026-06-30T18:00:00Z`,
      { details: { setting: 'as-of' } },
    );
  }
  return date.toISOString();
}

export function parseSeed(text: string): number {
  if (!/^\d{1,9}$/.test(text)) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `--seed '${text}' must be a whole number from 0 to 999999999`,
      {
        details: { setting: 'seed' },
      },
    );
  }
  return Number(text);
}

export function parseProfile(text: string): Profile {
  if (!(PROFILES as readonly string[]).includes(text)) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `--profile '${text}' is unknown: choose one of ${PROFILES.join(', ')}`,
      {
        details: { setting: 'profile' },
      },
    );
  }
  return text as Profile;
}

export function parseConflictStrategy(text: string): ConflictStrategy {
  if (text !== 'skip' && text !== 'update' && text !== 'create-new') {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `--conflict-strategy '${text}' is unknown: choose skip, update or create-new`,
      {
        details: { setting: 'conflict-strategy' },
      },
    );
  }
  return text;
}
