import type { DialectName } from '../../core/dialect.ts';
import type { ServerProcess } from './server-process.ts';

/** A throwaway server with the database asked for, reachable by `url` (cutover user, random password). */
export interface LocalServer {
  dialect: DialectName;
  url: string;
  process: ServerProcess;
  port: number;
}
