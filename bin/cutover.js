#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the installed command needs no build step.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
// Loads and checks allocate a short-lived object or two per legacy record: a young
// generation of 64 MB instead of 16 halves the time spent collecting them (bench/load.ts).
const node = ['--max-semi-space-size=64', '--import', 'tsx'];
const result = spawnSync(process.execPath, [...node, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 2);
