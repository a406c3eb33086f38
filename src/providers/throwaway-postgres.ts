/**
 * Settings of every throwaway PostgreSQL server the harness starts (local or container):
 * its data is thrown away, so durability costs time and buys nothing.
 */
export const THROWAWAY_POSTGRES_SETTINGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
] as const;

/** The settings as `postgres` command-line arguments. */
export function postgresSettingArgs(settings: readonly string[]): string[] {
  return settings.flatMap((setting) => ['-c', setting]);
}
