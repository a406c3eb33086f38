export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between attempts: a reason to stop waiting (the server died), or undefined. */
  abortReason?: () => string | undefined;
}

/**
 * Polls `attempt` until it resolves: readiness is a successful connection, never a sleep of
 * a guessed length. Rejects with the last attempt's error on timeout.
 */
export async function waitUntil<T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    const reason = options.abortReason?.();
    if (reason !== undefined) throw new Error(reason, { cause: last });
    try {
      return await attempt();
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline)
      throw new Error(`not ready after ${options.timeoutMs} ms`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
