/**
 * Harness failures (not check failures: those are CheckResult data). Every error carries a
 * stable code a CI script can match on, a message that says what to do, and the cause.
 */
export const ErrorCodes = {
  CONFIG_INVALID: 'CUTOVER_CONFIG_INVALID',
  DATABASE_UNREACHABLE: 'CUTOVER_DATABASE_UNREACHABLE',
  NO_PROVIDER: 'CUTOVER_NO_PROVIDER',
  PROVIDER_START_FAILED: 'CUTOVER_PROVIDER_START_FAILED',
  QUERY_FAILED: 'CUTOVER_QUERY_FAILED',
  SPEC_INVALID: 'CUTOVER_SPEC_INVALID',
  GENERATOR_INPUT: 'CUTOVER_GENERATOR_INPUT',
  LOAD_FAILED: 'CUTOVER_LOAD_FAILED',
  ROLLBACK_FAILED: 'CUTOVER_ROLLBACK_FAILED',
  SUITE_FAILED_TO_RUN: 'CUTOVER_SUITE_FAILED_TO_RUN',
  REPORT_FAILED: 'CUTOVER_REPORT_FAILED',
  LEGACY_WRITE_REFUSED: 'CUTOVER_LEGACY_WRITE_REFUSED',
  VERIFY_FAILED: 'CUTOVER_VERIFY_FAILED',
  SOURCE_INVALID: 'CUTOVER_SOURCE_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface CutoverErrorOptions {
  cause?: unknown;
  /** Settings, tables, files or rows the error is about, for the message and the log. */
  details?: Record<string, string | number>;
}

export class CutoverError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, string | number>;

  constructor(code: ErrorCode, message: string, options: CutoverErrorOptions = {}) {
    super(redactSecrets(message), options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'CutoverError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isCutoverError(value: unknown): value is CutoverError {
  return value instanceof CutoverError;
}

/**
 * Credentials must never reach a report, a log or an error message, and driver errors
 * sometimes echo the connection URL. Strip the password part of any URL-shaped text.
 */
export function redactSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@');
}

/** Message of an unknown thrown value, redacted, for wrapping into a CutoverError. */
export function describeCause(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return redactSecrets(text);
}
