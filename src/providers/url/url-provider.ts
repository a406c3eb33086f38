import type { ProvideOptions, Provider, StartedDatabase } from '../../core/provider.ts';
import { dialectFor } from '../../dialects/index.ts';
import { readServerVersion } from '../read-server-version.ts';
import { safeUrl } from '../safe-url.ts';

/**
 * A database named by URL (staging, or one another tool migrated). Nothing is created or
 * stopped: the harness does not own it, and callers open a legacy one read-only.
 */
export const urlProvider: Provider = {
  strategy: 'url',
  available: async (options) => options.url !== undefined && options.url !== '',
  provide: provideUrl,
};

async function provideUrl(options: ProvideOptions): Promise<StartedDatabase> {
  const url = options.url ?? '';
  const started = Date.now();
  const dialect = dialectFor(options.dialect);
  const serverVersion = await readServerVersion(dialect, url);
  const dispose = async () => undefined;
  return {
    role: options.role,
    dialect,
    strategy: 'url',
    url,
    safeUrl: safeUrl(url),
    serverVersion,
    startupMs: Date.now() - started,
    owned: false,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
