import type { Dialect, DialectName } from './dialect.ts';

/** Which side of the migration a database plays. */
export type DatabaseRole = 'legacy' | 'target';

/** Where a database came from, in the order they are tried. */
export type ProviderStrategy = 'url' | 'container' | 'local';

export interface ProvideOptions {
  role: DatabaseRole;
  dialect: DialectName;
  /** Used as it is when given: nothing is created on a legacy database reached by URL. */
  url?: string;
  /** Name of the database to create on a throwaway server. */
  database: string;
  /** Folder for data directories and sockets of local throwaway servers. */
  workDir: string;
  /** Leave the server running after dispose (for `--keep`). */
  keep?: boolean;
}

/** A database ready to use. `url` carries credentials: never print it, use `safeUrl`. */
export interface StartedDatabase extends AsyncDisposable {
  readonly role: DatabaseRole;
  readonly dialect: Dialect;
  readonly strategy: ProviderStrategy;
  readonly url: string;
  /** The URL with its password masked, for logs and reports. */
  readonly safeUrl: string;
  readonly serverVersion: string;
  readonly startupMs: number;
  /** True when the harness created this database and may write to it (seeding). */
  readonly owned: boolean;
  /** Shell command that stops a kept server, when `keep` was asked for. */
  readonly stopCommand?: string;
  dispose(): Promise<void>;
}

export interface Provider {
  readonly strategy: ProviderStrategy;
  /** Cheap probe: can this strategy serve `options` here? Never starts anything. */
  available(options: ProvideOptions): Promise<boolean>;
  provide(options: ProvideOptions): Promise<StartedDatabase>;
}
