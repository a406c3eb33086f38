import { CutoverError, ErrorCodes } from '../../core/errors.ts';

/** The parts of a database URL a driver needs; `password` never leaves this object in a message. */
export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Unix socket path from `?socket=` (MySQL) or `?host=/dir` (PostgreSQL). */
  socket?: string;
  /** Where the server is, for error messages: `host:port/database`, no credentials. */
  where: string;
}

export function parseConnectionUrl(url: string, defaultPort: number): ConnectionTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself may hold a password, and so does the TypeError: attach neither.
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      'database URL is not a valid URL (expected scheme://user:password@host:port/database)',
    );
  }
  const host = decodeURIComponent(parsed.hostname) || '127.0.0.1';
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const socket = parsed.searchParams.get('socket') ?? parsed.searchParams.get('host') ?? undefined;
  const target: ConnectionTarget = {
    host,
    port,
    database,
    user,
    password,
    where: `${host}:${port}/${database}`,
  };
  if (socket !== undefined && socket.startsWith('/')) {
    target.socket = socket;
    target.where = `${socket}/${database}`;
  }
  return target;
}
