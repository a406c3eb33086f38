/**
 * Set-up file of every suite file runSuites runs (suite-turns.ts): notes that the file
 * starts in this worker, and makes a rollback rehearsal wait for its turn, whatever the
 * suite itself does, as long as the files before it take.
 */
import { beforeAll, expect } from 'vitest';
import { markFileStarted, waitForTurn } from './suite-turns.ts';

/** The longest timeout a timer takes (about 24.8 days): waitForTurn bounds itself (4 h). */
const UNBOUNDED_MS = 2 ** 31 - 1;

// Top-level code of a set-up file runs before each suite file, even in a shared worker.
const file = expect.getState().testPath;
if (file !== undefined) markFileStarted(file);

// Vitest reads the first argument's pattern to decide which fixtures to set up: none.
// eslint-disable-next-line no-empty-pattern
beforeAll(async ({}, suite) => {
  await waitForTurn(suite.file.filepath);
}, UNBOUNDED_MS);
