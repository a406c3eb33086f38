import {
  invalid,
  ok,
  onText,
  shown,
  TransformArgumentError,
  type TransformFactory,
} from '../transform.ts';

/** Asia/Dhaka is UTC+06:00 all year (no DST since 2009's one-off summer time). */
const DHAKA_OFFSET_MINUTES = 6 * 60;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function parseDateTime(value: string): DateParts | null {
  const m = DATETIME.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m
    .slice(1, 7)
    .map((part) => Number(part ?? '0')) as [number, number, number, number, number, number];
  const parts = { year, month, day, hour, minute, second };
  return isRealDate(parts) && hour < 24 && minute < 60 && second < 60 ? parts : null;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

// Rejects MySQL's zero dates ('0000-00-00') and impossible ones ('2023-02-30').
function isRealDate(p: { year: number; month: number; day: number }): boolean {
  return (
    p.year >= 1 &&
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month)
  );
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function utcText(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** 'YYYY-MM-DD HH:MM:SS' Dhaka local time -> the same instant as UTC text. */
export function dhakaToUtcText(value: string): string | null {
  const p = parseDateTime(value);
  if (p === null) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute - DHAKA_OFFSET_MINUTES, p.second, 0);
  return utcText(date);
}

export const dhakaToUtc: TransformFactory = (arg) => {
  if (arg !== undefined) throw new TransformArgumentError(`'dhaka_to_utc' takes no argument`);
  return onText((v) => {
    const utc = dhakaToUtcText(v);
    return utc === null ? invalid(`not a valid date and time: ${shown(v)}`) : ok(utc);
  });
};

type DayOrder = 'mdy' | 'dmy';
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const MONTH_NAME = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A calendar date to ISO 'YYYY-MM-DD'; ISO input passes, slashed input in the given order.
 * Spreadsheet spellings that are never ambiguous pass too: '2019.03.07', '7-Mar-2019'.
 */
export function isoDate(value: string, order: DayOrder): string | null {
  const text = value.trim();
  const iso = parseDateTime(text);
  if (iso !== null) return `${pad(iso.year, 4)}-${pad(iso.month)}-${pad(iso.day)}`;
  const unambiguous = yearFirst(text) ?? monthNamed(text);
  if (unambiguous !== undefined) return unambiguous;
  const m = SLASHED.exec(text);
  if (!m) return null;
  const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [month, day] = order === 'mdy' ? [a, b] : [b, a];
  if (!isRealDate({ year, month, day })) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function yearFirst(text: string): string | null | undefined {
  const m = YEAR_FIRST.exec(text);
  if (!m) return undefined;
  return realIso(Number(m[1]), Number(m[2]), Number(m[3]));
}

function monthNamed(text: string): string | null | undefined {
  const m = MONTH_NAME.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf((m[2] ?? '').slice(0, 3).toLowerCase()) + 1;
  return month === 0 ? null : realIso(Number(m[3]), month, Number(m[1]));
}

function realIso(year: number, month: number, day: number): string | null {
  return isRealDate({ year, month, day }) ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : null;
}

/**
 * date (or date:mdy): seed 000 §5.2's "01/31/2024" -> "2024-01-31"; date:dmy for registers
 * written the Bangladeshi way, 31/01/2024.
 */
export const date: TransformFactory = (arg) => {
  const order = arg ?? 'mdy';
  if (order !== 'mdy' && order !== 'dmy') {
    throw new TransformArgumentError(`'date:${order}': the day order must be 'mdy' or 'dmy'`);
  }
  return onText((v) => {
    const iso = isoDate(v, order);
    return iso === null ? invalid(`not a valid date: ${shown(v)}`) : ok(iso);
  });
};

/**
 * not_future: a date or Dhaka date-time after the run's asOf cannot be history (a birth date
 * next year): MIG004. Put it after the date transform, on ISO text.
 */
export const notFuture: TransformFactory = (arg, context) => {
  if (arg !== undefined) throw new TransformArgumentError(`'not_future' takes no argument`);
  const end = context.asOf === undefined ? NaN : Date.parse(context.asOf);
  if (Number.isNaN(end)) {
    throw new TransformArgumentError(`'not_future' needs the run's asOf instant`);
  }
  const limit = utcText(new Date(end));
  return onText((v) => {
    const utc = dhakaToUtcText(v);
    if (utc === null) return invalid(`not a valid date: ${shown(v)}`);
    return utc > limit ? invalid(`${shown(v)} is after the run's asOf (${limit} UTC)`) : ok(v);
  });
};

/** zero_date_null: MySQL's zero dates ('0000-00-00', '0000-00-00 00:00:00') mean "no date". */
export const zeroDateNull: TransformFactory = (arg) => {
  if (arg !== undefined) throw new TransformArgumentError(`'zero_date_null' takes no argument`);
  return onText((v) => ok(/^0000-00-00( 00:00:00(\.0+)?)?$/.test(v.trim()) ? null : v));
};
