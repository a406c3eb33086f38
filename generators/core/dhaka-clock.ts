import { MS_PER_DAY } from './dhaka-time.ts';

/**
 * Fast Asia/Dhaka wall-clock formatting for bulk rows: Intl costs microseconds per call,
 * which would dominate a million-row estate. Dhaka is UTC+6 except for the 2009 daylight
 * saving period (19 Jun 2009 23:00 local to 31 Dec 2009 24:00 local), when it was UTC+7;
 * dhaka-time.test.ts checks this against Intl.
 */
const DST_START = Date.UTC(2009, 5, 19, 17, 0, 0); // 23:00 +06
const DST_END = Date.UTC(2009, 11, 31, 17, 0, 0); // 24:00 +07
const HOUR = 3_600_000;

export function dhakaOffsetMs(epochMs: number): number {
  return epochMs >= DST_START && epochMs < DST_END ? 7 * HOUR : 6 * HOUR;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Calendar fields of the Dhaka wall clock at an instant. */
export function dhakaParts(epochMs: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const d = new Date(epochMs + dhakaOffsetMs(epochMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** 'YYYY-MM-DD HH:MM:SS' Dhaka local. */
export function dhakaDateTime(epochMs: number): string {
  const p = dhakaParts(epochMs);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** 'YYYY-MM-DD' Dhaka local. */
export function dhakaDate(epochMs: number): string {
  const p = dhakaParts(epochMs);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** 'YYYY-MM' Dhaka local: the month key of the manifest's per-month totals. */
export function dhakaMonth(epochMs: number): string {
  const p = dhakaParts(epochMs);
  return `${p.year}-${pad2(p.month)}`;
}

/** 'dd/mm/yyyy' from 'YYYY-MM-DD', as the accounting exports print dates. */
export function dmy(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}

/**
 * The 2-year window: asOf's Dhaka wall clock minus two calendar years (29 Feb -> 28 Feb),
 * returned as the instant. Generators keep every dated record at least a day away from it,
 * so date and date-time comparisons agree.
 */
export function windowStartMs(asOfMs: number): number {
  const p = dhakaParts(asOfMs);
  const year = p.year - 2;
  const day = p.month === 2 && p.day === 29 ? 28 : p.day;
  const localAsUtc = Date.UTC(year, p.month - 1, day, p.hour, p.minute, p.second);
  return localAsUtc - dhakaOffsetMs(localAsUtc - 6 * HOUR);
}

/**
 * Moves an instant that falls within a day of the window's start to two days before it:
 * the boundary stays unambiguous for date-only columns and for loaders that compare in UTC.
 */
export function awayFromBoundary(epochMs: number, windowStart: number): number {
  return Math.abs(epochMs - windowStart) < MS_PER_DAY + HOUR
    ? windowStart - 2 * MS_PER_DAY
    : epochMs;
}

/** Instant of a Dhaka wall-clock day's time of day (seconds after local midnight). */
export function dhakaInstant(isoDate: string, secondsOfDay: number): number {
  const utcMidnight = Date.UTC(
    +isoDate.slice(0, 4),
    +isoDate.slice(5, 7) - 1,
    +isoDate.slice(8, 10),
  );
  const guess = utcMidnight + secondsOfDay * 1000;
  return guess - dhakaOffsetMs(guess - 6 * HOUR);
}
