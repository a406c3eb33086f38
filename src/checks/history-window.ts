/**
 * The migration window (001: 2-year history), always relative to the run's pinned asOf,
 * never to NOW(). Returned as 'YYYY-MM-DD HH:MM:SS' UTC text, usable as a SQL literal
 * on both servers.
 */
export function windowStart(asOf: string, years = 2): string {
  const at = new Date(asOf);
  const start = new Date(
    Date.UTC(
      at.getUTCFullYear() - years,
      at.getUTCMonth(),
      at.getUTCDate(),
      at.getUTCHours(),
      at.getUTCMinutes(),
      at.getUTCSeconds(),
    ),
  );
  // 29 February minus whole years lands on 1 March in Date.UTC; the window stays inclusive.
  return start.toISOString().replace('T', ' ').slice(0, 19);
}

/** The window start read in a local zone `offsetMinutes` east of UTC (Asia/Dhaka: 360). */
export function localWindowStart(asOf: string, offsetMinutes: number, years = 2): string {
  const utc = new Date(windowStart(asOf, years).replace(' ', 'T') + 'Z');
  return new Date(utc.getTime() + offsetMinutes * 60_000)
    .toISOString()
    .replace('T', ' ')
    .slice(0, 19);
}
