/**
 * `npm run bench`: speed and memory figures with their ratios to the floor measured on these
 * machines (../shared/ENVIRONMENT.md) and to the issues' aims. Figures are printed, never
 * asserted: a timed assertion in a test would be flaky on a shared 2-core box.
 */
const sections: { name: string; run: () => Promise<void> }[] = [
  { name: 'seed (issue #3)', run: async () => (await import('./seed.ts')).benchSeed() },
  { name: 'load (issue #4)', run: async () => (await import('./load.ts')).benchLoad() },
  { name: 'checks (issue #5)', run: async () => (await import('./checks.ts')).benchChecks() },
  { name: 'report (issue #6)', run: async () => (await import('./report.ts')).benchReport() },
  {
    name: 'reconcile, whole job (issue #2)',
    run: async () => (await import('./reconcile.ts')).benchReconcile(),
  },
];

const only = process.argv.slice(2);
let failed = 0;
for (const section of sections) {
  if (only.length > 0 && !only.some((o) => section.name.includes(o))) continue;
  console.log(`\n== ${section.name}`);
  try {
    await section.run();
  } catch (error) {
    failed += 1;
    console.log(`  could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed > 0 ? 2 : 0;
