import { afterAll, beforeAll } from 'vitest';
import { skippedResult, type CheckMeta } from '../checks/check-meta.ts';
import type { Expectation } from '../checks/record-checksum.ts';
import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { dialectForUrl } from '../dialects/index.ts';
import type { LegacySource } from '../core/source.ts';
import {
  legacyRowBatches,
  openEntitySource,
  type OpenSourceOptions,
} from '../etl/open-entity-source.ts';
import { loadExistingClaims, loadParentLookup } from '../etl/parent-index.ts';
import { compileSpec, type CompiledSpec } from '../rules/compile-spec.ts';
import type { EntitySpec } from '../rules/spec.ts';
import { entityLoaded, runWindowStart } from './migration-helpers.ts';
import { readRunContext, type RunContext } from './run-context.ts';

/** The migrated pair of databases a suite checks, opened once per suite file. */
export interface Migration {
  readonly context: RunContext;
  /** The legacy database, read-only: the harness never writes to it. */
  readonly legacy: Db;
  readonly target: Db;
  readonly asOf: string;
  /** The mapping spec compiled against the legacy table's real columns. */
  compile(spec: EntitySpec): Promise<CompiledSpec>;
  /** What the rules say the target must hold for every legacy record of an entity. */
  expectations(spec: EntitySpec): Promise<Expectation[]>;
  /**
   * Opens the entity's legacy source (MySQL table, SQLite table, CSV or XLSX export);
   * `columns` names the ones the caller reads (see OpenSourceOptions).
   */
  openSource(spec: EntitySpec, options?: OpenSourceOptions): Promise<LegacySource>;
  /** Number of legacy records of the entity, from its source. */
  legacyCount(spec: EntitySpec): Promise<number>;
  /** Whether the target holds this entity in this run (see entityLoaded). */
  loaded(entity: string): boolean;
  /**
   * A check of the entity that reports skipped, never passed, when this run did not load
   * it: `check(meta, m.ifLoaded('vouchers', (meta) => ...))`.
   */
  ifLoaded(
    entity: string,
    run: (meta: CheckMeta) => Promise<CheckResult>,
  ): (meta: CheckMeta) => Promise<CheckResult>;
  /** Start of the 2-year (or `years`) history window, UTC 'YYYY-MM-DD HH:MM:SS'. */
  windowStart(years?: number): string;
}

/**
 * Opens the run's databases before the suite's checks and closes them afterwards. Call it at
 * the top of a suite file; the returned object is usable inside checks.
 */
export function useMigration(): Migration {
  let state: { context: RunContext; legacy: Db; target: Db } | undefined;
  const get = () => {
    if (!state)
      throw new CutoverError(
        ErrorCodes.SUITE_FAILED_TO_RUN,
        'useMigration() is used before its beforeAll ran',
      );
    return state;
  };
  beforeAll(async () => {
    const context = await readRunContext();
    const [legacy, target] = await Promise.all([
      dialectForUrl(context.legacyUrl).connect(context.legacyUrl, { readOnly: true }),
      dialectForUrl(context.targetUrl).connect(context.targetUrl),
    ]);
    state = { context, legacy, target };
  });
  afterAll(async () => {
    // The oracle's outcomes are the biggest thing a suite holds: a worker runs further files.
    expected.clear();
    compiled.clear();
    counts.clear();
    await Promise.all([state?.legacy.close(), state?.target.close()]);
  });

  const compiled = new Map<EntitySpec, Promise<CompiledSpec>>();
  const counts = new Map<EntitySpec, Promise<number>>();
  const migration: Migration = {
    get context() {
      return get().context;
    },
    get legacy() {
      return get().legacy;
    },
    get target() {
      return get().target;
    },
    get asOf() {
      return get().context.asOf;
    },
    openSource(spec, options = {}) {
      const { context, legacy } = get();
      return openEntitySource(
        spec.source,
        { legacy, ...(context.estateDir === undefined ? {} : { estateDir: context.estateDir }) },
        spec.entity,
        options,
      );
    },
    legacyCount(spec) {
      // Counted once per suite file: the row count and the success rate both need it.
      let result = counts.get(spec);
      if (!result) {
        // A database counts its rows itself; counting an export means parsing all of it,
        // which the oracle's pass already does, one outcome per record it reads.
        result = readsWholeFileToCount(spec)
          ? migration.expectations(spec).then((outcomes) => outcomes.length)
          : countSource(migration, spec);
        counts.set(spec, result);
      }
      return result;
    },
    loaded(entity) {
      return entityLoaded(get().context, entity);
    },
    ifLoaded(entity, run) {
      return (meta) =>
        migration.loaded(entity)
          ? run(meta)
          : Promise.resolve(skippedResult(meta, `no bundled loader ran for ${entity} in this run`));
    },
    windowStart(years) {
      return runWindowStart(get().context, years);
    },
    compile(spec) {
      let result = compiled.get(spec);
      if (!result) {
        result = sourceColumns(migration, spec).then((sourceColumns) =>
          compileSpec(spec, {
            sourceColumns,
            conflictStrategy: get().context.conflictStrategy,
            asOf: get().context.asOf,
          }),
        );
        compiled.set(spec, result);
      }
      return result;
    },
    expectations(spec) {
      let result = expected.get(spec);
      if (!result) {
        result = computeExpectations(spec);
        expected.set(spec, result);
      }
      return result;
    },
  };
  const expected = new Map<EntitySpec, Promise<Expectation[]>>();
  async function computeExpectations(spec: EntitySpec): Promise<Expectation[]> {
    const rules = await migration.compile(spec);
    const { target } = get();
    // Parents resolve from the target's bookkeeping, exactly as the loader resolved them.
    const parents =
      rules.parentEntities.length > 0
        ? await loadParentLookup(target, rules.parentEntities)
        : undefined;
    // Claims of other sources' rows (the register against the app's animals), as the loader saw them.
    const existing = await loadExistingClaims(target, rules);
    const context = {
      ...(parents ? { parents } : {}),
      ...(existing.length > 0 ? { existing } : {}),
    };
    // Records are decided as they stream past: none is held once its outcome is known. Only
    // the columns the rules read: the rest would be read and dropped.
    await using source = await migration.openSource(spec, { columns: rules.readColumns });
    const outcomes = await rules.evaluateBatches(legacyRowBatches(source), context);
    return outcomes.map((outcome): Expectation => {
      if (outcome.kind === 'load')
        return { key: outcome.key, present: true, values: outcome.values };
      const reason =
        outcome.kind === 'quarantine' ? outcome.reason : `out of scope: ${outcome.rule}`;
      return { key: outcome.key, present: false, reason };
    });
  }
  return migration;
}

function readsWholeFileToCount(spec: EntitySpec): boolean {
  return spec.source.kind === 'csv' || spec.source.kind === 'xlsx';
}

async function countSource(m: Migration, spec: EntitySpec): Promise<number> {
  await using source = await m.openSource(spec);
  return source.count();
}

async function sourceColumns(m: Migration, spec: EntitySpec): Promise<string[]> {
  await using source = await m.openSource(spec);
  return [...source.columns];
}
