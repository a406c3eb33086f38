import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { forget, remember } from './server-registry.ts';

export interface ServerProcessOptions {
  command: string;
  args: readonly string[];
  /** The server's own directory: removed when it stops. */
  dir: string;
  logFile: string;
  /** Signal for a clean, quick shutdown (SIGTERM for MariaDB, SIGINT = fast for PostgreSQL). */
  stopSignal: NodeJS.Signals;
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
  /** Extra directories to remove with the server (e.g. a short socket directory). */
  extraDirs?: readonly string[];
}

const STOP_GRACE_MS = 15_000;

/** A throwaway server process that can always be stopped, and whose files go with it. */
export class ServerProcess {
  readonly pid: number;
  readonly exited: Promise<void>;
  private exitCode: number | null | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: ServerProcessOptions,
  ) {
    if (child.pid === undefined) throw new Error(`could not start ${options.command}`);
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      });
    });
  }

  static spawn(options: ServerProcessOptions): ServerProcess {
    const log = openSync(options.logFile, 'a');
    try {
      const child = spawn(options.command, [...options.args], {
        cwd: options.dir,
        // Its own process group: a terminal's Ctrl-C reaches us, and we stop it in order.
        detached: true,
        stdio: ['ignore', log, log],
        env: options.env ?? process.env,
        ...(options.uid === undefined ? {} : { uid: options.uid }),
        ...(options.gid === undefined ? {} : { gid: options.gid }),
      });
      child.on('error', () => undefined);
      const server = new ServerProcess(child, options);
      remember(server);
      return server;
    } finally {
      closeSync(log);
    }
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Last lines of the server's log, for a start-up failure message. */
  logTail(lines = 15): string {
    try {
      return readFileSync(this.options.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Leaves the server running after we exit (`--keep`): a one-line command stops it later. */
  detach(): string {
    forget(this);
    this.child.unref();
    const dirs = [this.options.dir, ...(this.options.extraDirs ?? [])].map(shellQuote).join(' ');
    const signal = this.options.stopSignal.replace(/^SIG/, '');
    return `kill -${signal} ${this.pid} 2>/dev/null; while kill -0 ${this.pid} 2>/dev/null; do sleep 0.1; done; rm -rf ${dirs}`;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAndRemove();
    return this.stopping;
  }

  /** For process 'exit', where nothing asynchronous runs any more. */
  killNow(): void {
    if (this.running) signalGroup(this.pid, 'SIGKILL');
    for (const dir of this.dirs()) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    forget(this);
  }

  private async stopAndRemove(): Promise<void> {
    if (this.running) {
      // The main process only: PostgreSQL's children have their own meaning for these signals.
      signal(this.pid, this.options.stopSignal);
      const graceful = await Promise.race([
        this.exited.then(() => true),
        delay(STOP_GRACE_MS).then(() => false),
      ]);
      if (!graceful) {
        signalGroup(this.pid, 'SIGKILL');
        await this.exited;
      }
    }
    // Backends of a killed postmaster may linger for a moment in the group.
    signalGroup(this.pid, 'SIGKILL');
    await Promise.all(
      this.dirs().map((dir) =>
        rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }),
      ),
    );
    forget(this);
  }

  private dirs(): string[] {
    return [this.options.dir, ...(this.options.extraDirs ?? [])];
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // No such group: everything in it has exited.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
