/**
 * Legacy DATETIMEs are Asia/Dhaka wall-clock time. Intl (not a fixed +06:00) because
 * Bangladesh observed DST in 2009, inside the history of an early asOf.
 */
const dhaka = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Dhaka',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 'YYYY-MM-DD HH:MM:SS' in Dhaka local time for an instant in epoch milliseconds. */
export function formatDhakaDateTime(epochMs: number): string {
  const parts: Record<string, string> = {};
  for (const part of dhaka.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

export const MS_PER_DAY = 86_400_000;
export const MS_PER_YEAR = 365 * MS_PER_DAY;
