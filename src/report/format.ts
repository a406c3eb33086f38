/**
 * Display formatting shared by the renderers. Figures arrive as exact decimal strings and are
 * only regrouped as text: parsing money to a float would change the figure a signer reads.
 */

const DECIMAL = /^(-?)(\d+)(\.\d+)?$/;

/** '12345678.90' -> '12,345,678.90'; anything that is not a plain decimal is left as it is. */
export function groupDecimal(value: string): string {
  const match = DECIMAL.exec(value.trim());
  if (match === null) return value;
  const [, sign = '', whole = '', fraction = ''] = match;
  return sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + fraction;
}

export function formatCount(value: number): string {
  return groupDecimal(String(Math.trunc(value)));
}

/**
 * Seed 003's success rate: migrated / source count, two decimals. Out-of-scope records are
 * excluded from the base because a named rule removed them, not a failure. Truncated, never
 * rounded up, so 99.999% shows as 99.99% and 100.00% only when every record loaded.
 */
export function successRate(loaded: number, inScope: number): string {
  if (inScope <= 0) return '—';
  const hundredths = (BigInt(loaded) * 10000n) / BigInt(inScope);
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction}%`;
}

/** 252_345 ms -> '4 min 12.3 s'; short durations stay in ms or s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const totalTenths = Math.round(ms / 100);
  const minutes = Math.floor(totalTenths / 600);
  const seconds = (totalTenths % 600) / 10;
  if (minutes === 0) return `${seconds.toFixed(1)} s`;
  return `${minutes} min ${seconds.toFixed(1)} s`;
}

export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
