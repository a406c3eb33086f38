/**
 * Exact money and measures: integer minor units (bigint or safe integers) rendered as
 * decimal text. Never a float on the way.
 */

/** Decimal text of `units` with `scale` decimals: (12345, 2) -> '123.45'. */
export function fixed(units: bigint | number, scale: number): string {
  if (typeof units === 'number' && Number.isSafeInteger(units)) return fixedNumber(units, scale);
  const value = BigInt(units);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const factor = 10n ** BigInt(scale);
  const whole = (abs / factor).toString();
  const text = scale === 0 ? whole : `${whole}.${(abs % factor).toString().padStart(scale, '0')}`;
  return negative ? `-${text}` : text;
}

const SCALES = [1, 10, 100, 1000, 10000];

/** The hot path of `fixed` for safe integers: no BigInt allocation per value. */
function fixedNumber(units: number, scale: number): string {
  const negative = units < 0;
  const abs = negative ? -units : units;
  if (scale === 0) return negative ? `-${abs}` : String(abs);
  const factor = SCALES[scale] ?? 10 ** scale;
  const whole = Math.floor(abs / factor);
  const frac = String(abs - whole * factor).padStart(scale, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** The same with thousands separators, as accounting exports print it: '1,234,567.89'. */
export function grouped(units: bigint | number, scale: number): string {
  const text = fixed(units, scale);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const whole = dot < 0 ? body : body.slice(0, dot);
  const rest = dot < 0 ? '' : body.slice(dot);
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${withCommas}${rest}`;
}

/** a * b / divisor rounded half up (away from zero), for non-negative integers. */
export function mulDivHalfUp(a: number, b: number, divisor: number): number {
  const exact = a * b * 2 + divisor;
  if (Number.isSafeInteger(exact)) return Math.floor(exact / (2 * divisor));
  const product = BigInt(a) * BigInt(b);
  const d = BigInt(divisor);
  return Number((product * 2n + d) / (2n * d));
}
