import { randomBytes } from 'node:crypto';

/** Hex only: safe inside a URL and an SQL string literal without escaping. */
export function randomSecret(bytes = 18): string {
  return randomBytes(bytes).toString('hex');
}
