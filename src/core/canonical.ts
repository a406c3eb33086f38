import { createHash } from 'node:crypto';
import type { CanonicalKind, RawValue } from './dialect.ts';

/**
 * Canonical text: one rendering per kind of value, the same in MySQL, PostgreSQL and Node,
 * so that a row digest computed inside a database equals the one computed here.
 *   text           the string as stored (UTF-8)
 *   integer        base-10, no leading zeros, '-' for negatives
 *   decimal2/3     fixed 2 (3) decimals, '.' separator, no thousands separator
 *   boolean        '1' or '0'
 *   date           'YYYY-MM-DD'
 *   timestamp-utc  'YYYY-MM-DD HH:MM:SS' in UTC, seconds precision
 *   NULL           '\N'
 * Fields are joined by '|' and the digest is the lowercase hex MD5 of the UTF-8 bytes.
 */
export const NULL_TEXT = '\\N';
export const FIELD_SEPARATOR = '|';

export function canonicalText(value: RawValue, kind: CanonicalKind): string {
  if (value === null) return NULL_TEXT;
  switch (kind) {
    case 'text':
      return value;
    case 'integer':
      return BigInt(value.trim()).toString();
    case 'decimal2':
      return fixedDecimal(value, 2);
    case 'decimal3':
      return fixedDecimal(value, 3);
    case 'boolean':
      return booleanText(value);
    case 'date':
      return value.slice(0, 10);
    case 'timestamp-utc':
      return value.replace('T', ' ').slice(0, 19);
  }
}

export function rowDigest(values: readonly string[]): string {
  return createHash('md5').update(values.join(FIELD_SEPARATOR), 'utf8').digest('hex');
}

/** XOR-able 64-bit value of a digest: its first 16 hex digits. */
export function digestBits(digest: string): bigint {
  return BigInt('0x' + digest.slice(0, 16));
}

export function xorHex(bits: bigint): string {
  return bits.toString(16).padStart(16, '0');
}

function booleanText(value: string): string {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 't' || v === 'true') return '1';
  if (v === '0' || v === 'f' || v === 'false') return '0';
  throw new RangeError(`not a boolean: ${value}`);
}

/**
 * Renders a decimal string with exactly `places` decimals, rounding half away from zero,
 * without ever going through a float.
 */
export function fixedDecimal(value: string, places: number): string {
  const units = toMinorUnits(value, places);
  return fromMinorUnits(units, places);
}

const DECIMAL = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

/** Exact decimal string -> bigint of 10^-places units, half away from zero. */
export function toMinorUnits(value: string, places: number): bigint {
  return plainMinorUnits(value, places) ?? patternMinorUnits(value, places);
}

// '-123.45' and '123' (no sign but '-', no spaces: what the transforms print) without a
// regular expression; it runs for every amount of every record. Anything else: undefined.
function plainMinorUnits(value: string, places: number): bigint | undefined {
  const n = value.length;
  const start = n > 0 && value.charCodeAt(0) === 45 /* '-' */ ? 1 : 0;
  let dot = -1;
  for (let i = start; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 /* '.' */ && dot < 0) dot = i;
    else if (c < 48 || c > 57) return undefined;
  }
  const end = dot < 0 ? n : dot;
  if (end === start) return undefined; // '' , '-', '.5': the pattern decides
  const frac = dot < 0 ? '' : value.slice(dot + 1);
  if (frac.length > places) return undefined; // rounding: the pattern's path
  const digits =
    value.slice(start, end) + frac + (frac.length < places ? '0'.repeat(places - frac.length) : '');
  const units = BigInt(digits);
  return start === 1 ? -units : units;
}

function patternMinorUnits(value: string, places: number): bigint {
  const m = DECIMAL.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal: ${value}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const whole = m[2] === '' ? '0' : (m[2] ?? '0');
  const frac = m[3] ?? '';
  const kept = (frac + '0'.repeat(places)).slice(0, places);
  const rest = frac.slice(places);
  let units = BigInt(whole + kept);
  if (rest !== '' && rest.charCodeAt(0) >= 53 /* '5' */) units += 1n;
  return sign * units;
}

export function fromMinorUnits(units: bigint, places: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  const text = places > 0 ? `${whole}.${frac}` : whole;
  return negative && units !== 0n ? `-${text}` : text;
}
