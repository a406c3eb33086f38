/**
 * The business's clock, Asia/Dhaka (UTC+6 all year, no DST since 2009; legacy DATETIMEs
 * are Dhaka wall-clock): months and days of the suites are the business's. Public API only.
 */

/** Minutes east of UTC. */
export const DHAKA = 360;

/** 'YYYY-MM' of a UTC 'YYYY-MM-DD HH:MM:SS' read in Dhaka, as the target groups it. */
export function dhakaMonth(utc: string | null): string {
  if (utc === null) return '(none)';
  const at = new Date(`${utc.replace(' ', 'T').slice(0, 19)}Z`);
  return new Date(at.getTime() + DHAKA * 60_000).toISOString().slice(0, 7);
}
