/**
 * Every throwaway server still running in this process, so that none outlives it: on a
 * normal exit they are killed synchronously, on SIGINT/SIGTERM stopped cleanly and the
 * signal re-raised so the process still ends the way the signal asked.
 */
interface Stoppable {
  stop(): Promise<void>;
  killNow(): void;
}

const running = new Set<Stoppable>();
let installed = false;

export function remember(server: Stoppable): void {
  running.add(server);
  install();
}

export function forget(server: Stoppable): void {
  running.delete(server);
}

export function runningServerCount(): number {
  return running.size;
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const server of [...running]) server.killNow();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      void Promise.allSettled([...running].map((server) => server.stop())).finally(() => {
        // Only re-raise if nobody else handles it: then the default action ends the process.
        if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
      });
    };
    process.once(sig, onSignal);
  }
}
