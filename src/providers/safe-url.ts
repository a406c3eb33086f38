import { redactSecrets } from '../core/errors.ts';

/** The URL with its password masked: what logs, reports and errors may show. */
export function safeUrl(url: string): string {
  return redactSecrets(url);
}
