/**
 * `npm run bench`: speed and memory figures with their ratios to the floor measured on these
 * machines (../shared/ENVIRONMENT.md) and to the issues' aims. Figures are printed, never
 * asserted: a timed assertion in a test would be flaky on a shared 2-core box.
 */
const args = process.argv.slice(2);
// `npm run bench -- load --profile xl`: issue #4 asks for memory flat in table size.
const profileAt = args.indexOf('--profile');
const profile = profileAt < 0 ? 'doc' : args[profileAt + 1];
if (profile !== 'ci' && profile !== 'doc' && profile !== 'xl') {
  console.error(`--profile takes ci, doc or xl, not ${JSON.stringify(profile)}`);
  process.exit(2);
}
const only = args.filter((_a, i) => profileAt < 0 || (i !== profileAt && i !== profileAt + 1));

const sections: { name: string; run: () => Promise<void> }[] = [
  { name: 'seed (issue #3)', run: async () => (await import('./seed.ts')).benchSeed() },
  { name: 'load (issue #4)', run: async () => (await import('./load.ts')).benchLoad(profile) },
  {
    name: 'checks (issue #5)',
    run: async () => {
      if (profile === 'xl') throw new Error('the catalogue is measured on ci or doc');
      await (await import('./checks.ts')).benchChecks(profile);
    },
  },
  { name: 'report (issue #6)', run: async () => (await import('./report.ts')).benchReport() },
  {
    name: 'reconcile, whole job (issue #2)',
    run: async () => (await import('./reconcile.ts')).benchReconcile(),
  },
];

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
