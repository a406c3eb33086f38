#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CutoverError,
  ErrorCodes,
  describeCause,
  isCutoverError,
  redactSecrets,
} from '../core/errors.ts';
import { reconcile } from './reconcile.ts';
import {
  defaultAsOf,
  parseAsOf,
  parseConflictStrategy,
  parseProfile,
  parseSeed,
  type ReconcileOptions,
} from './reconcile-options.ts';
import { reportCommand } from './report-command.ts';
import { signCommand } from './sign-command.ts';
import { verifyCommand } from './verify-command.ts';

const HELP = `cutover: migration acceptance harness

Usage:
  cutover reconcile [options]   provision, seed, load, run the suites, rehearse the rollback, write the pack
  cutover report <evidence.json> [--out DIR]   re-render every format from an evidence file
  cutover sign <pdf> --role ROLE --p12 FILE [--passphrase-env VAR] [--name NAME] [--out FILE]
                                sign the report PDF for a sign-off role (incremental: others sign after)
  cutover verify <pdf|folder>   check printed digest = embedded evidence, every signature valid and covering

reconcile options:
  --profile ci|doc|xl        synthetic legacy volumes (default doc)
  --seed N                   generator seed (default 1)
  --as-of DATE               the run's pinned instant (default: start of today, UTC)
  --out DIR                  report folder (default reports/<run-id>)
  --keep                     leave the throwaway servers running and print how to stop them
  --check-only               check two databases someone else migrated: no seeding, loading or rollback
                             (needs LEGACY_DATABASE_URL and TARGET_DATABASE_URL)
  --plant DEFECT             plant a defect after the load to prove the checks catch it (repeatable)
  --conflict-strategy S      duplicates: skip (default), update or create-new
  --suites DIR               acceptance suites folder (default suites)
  --dispositions FILE        accepted exceptions (default: the nearest dispositions.json above each suite)
  --estate DIR               the legacy files (accounting exports, farm app, register) when the
                             legacy database is given by URL (or CUTOVER_ESTATE_DIR); seeded runs
                             write their own
  --no-pdf                   skip the PDF (no Chromium needed)

Exit codes: 0 every criterion holds, 1 a criterion failed, 2 the harness could not run.
Database URLs come from LEGACY_DATABASE_URL (mysql://) and TARGET_DATABASE_URL (postgres://).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  if (command === 'reconcile') return reconcileCommand(rest);
  if (command === 'report') return reportCommand(rest);
  if (command === 'sign') return signCommand(rest);
  if (command === 'verify') return verifyCommand(rest);
  throw new CutoverError(
    ErrorCodes.CONFIG_INVALID,
    `unknown command '${command}': run \`cutover help\``,
  );
}

async function reconcileCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      profile: { type: 'string', default: 'doc' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'check-only': { type: 'boolean', default: false },
      plant: { type: 'string', multiple: true, default: [] },
      'conflict-strategy': { type: 'string', default: 'skip' },
      suites: { type: 'string', default: 'suites' },
      estate: { type: 'string' },
      dispositions: { type: 'string' },
      'no-pdf': { type: 'boolean', default: false },
    },
  });
  const options: ReconcileOptions = {
    profile: parseProfile(values.profile),
    seed: parseSeed(values.seed),
    asOf: values['as-of'] === undefined ? defaultAsOf() : parseAsOf(values['as-of']),
    keep: values.keep,
    checkOnly: values['check-only'],
    plant: values.plant,
    conflictStrategy: parseConflictStrategy(values['conflict-strategy']),
    suitesDir: values.suites,
  };
  if (values.out !== undefined) options.outDir = values.out;
  const estate = values.estate ?? process.env['CUTOVER_ESTATE_DIR'];
  if (estate) options.estateDir = resolve(estate);
  if (values.dispositions !== undefined) options.dispositionsPath = resolve(values.dispositions);
  if (values['no-pdf']) options.formats = ['json', 'html', 'xlsx', 'junit'];
  const legacyUrl = process.env['LEGACY_DATABASE_URL'];
  const targetUrl = process.env['TARGET_DATABASE_URL'];
  if (legacyUrl) options.legacyUrl = legacyUrl;
  if (targetUrl) options.targetUrl = targetUrl;

  const outcome = await reconcile(options, (line) => console.log(line));
  const { evidence, reports } = outcome;
  const failing = evidence.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  console.log('');
  for (const c of failing) console.log(`FAILED ${c.id}: ${c.summary}`);
  console.log(
    `phases (s): ${Object.entries(evidence.run.phases)
      .map(([p, s]) => `${p} ${s}`)
      .join(', ')}`,
  );
  console.log('reports:');
  for (const path of Object.values(reports.paths)) console.log(`  ${path}`);
  console.log(`evidence sha256: ${reports.digest}`);
  if (outcome.kept.length > 0) console.log('servers kept running (--keep):');
  for (const line of outcome.kept) console.log(`  ${line}`);
  const verdict = {
    pass: 'PASS',
    fail: 'FAIL',
    'pass-with-exceptions': 'PASS WITH ACCEPTED EXCEPTIONS',
  }[evidence.verdict];
  console.log(`verdict: ${verdict} (${evidence.checks.length} checks, ${failing.length} failing)`);
  return outcome.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isCutoverError(error)) {
      console.error(`cutover: ${error.code}: ${error.message}`);
      if (error.cause !== undefined) console.error(`  cause: ${describeCause(error.cause)}`);
    } else if (
      error instanceof Error &&
      (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(
        `cutover: ${ErrorCodes.CONFIG_INVALID}: ${error.message}; run \`cutover help\``,
      );
    } else {
      console.error(
        `cutover: internal error: ${redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}`,
      );
    }
    process.exitCode = 2;
  },
);
