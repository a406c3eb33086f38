import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited to about 107 bytes; a deep workDir would exceed it. */
const SOCKET_PATH_LIMIT = 100;

/** `dir` when a socket named `name` fits in it, else a fresh short directory under the temp dir. */
export function socketDirFor(dir: string, name: string): { socketDir: string; separate: boolean } {
  if (Buffer.byteLength(join(dir, name)) <= SOCKET_PATH_LIMIT)
    return { socketDir: dir, separate: false };
  return { socketDir: mkdtempSync(join(tmpdir(), 'cutover-sock-')), separate: true };
}
