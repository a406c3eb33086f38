import { defineConfig } from 'vitest/config';

// The project's own tests. The acceptance suites under suites/ are not run here: they need
// a migrated pair of databases and run through `cutover reconcile`.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'generators/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['node_modules/**', 'suites/**'],
    globalSetup: ['tests/support/global-servers.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './src/vitest/summary-reporter.ts'],
    // Two cores: database-heavy files would starve each other if all ran at once.
    maxWorkers: 2,
  },
});
