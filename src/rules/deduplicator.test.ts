import { describe, expect, it } from 'vitest';
import { compileSpec } from './compile-spec.ts';
import { Deduplicator } from './deduplicator.ts';
import type { EntitySpec, Outcome } from './spec.ts';

const load = (key: string, email: string | null, mobile: string | null = null): Outcome => ({
  kind: 'load',
  key,
  values: { x_legacy_id: key, email, mobile, name: `n${key}` },
});

describe('Deduplicator', () => {
  it("'skip': first wins, later ones are DUP001 naming the earlier key; NULL never matches", () => {
    const d = new Deduplicator({ keys: ['email', 'mobile'], strategy: 'skip' });
    expect(d.accept(load('1', 'a@x.com')).outcome.kind).toBe('load');
    expect(d.accept(load('2', null)).outcome.kind).toBe('load');
    expect(d.accept(load('3', null)).outcome.kind).toBe('load');
    expect(d.accept(load('4', ' A@X.com ')).outcome).toEqual({
      kind: 'quarantine',
      key: '4',
      reason: 'DUP001',
      field: 'email',
      message: 'duplicate of record 1 (email "a@x.com")',
    });
  });

  it('quarantined records claim no key values', () => {
    const d = new Deduplicator({ keys: ['email'], strategy: 'skip' });
    d.accept({ kind: 'quarantine', key: '1', reason: 'MIG003', message: 'no name' });
    expect(d.accept(load('2', 'a@x.com')).outcome.kind).toBe('load');
  });

  it("'create-new' keeps every record", () => {
    const d = new Deduplicator({ keys: ['email'], strategy: 'create-new' });
    d.accept(load('1', 'a@x.com'));
    expect(d.accept(load('2', 'a@x.com')).outcome.kind).toBe('load');
  });

  it("'update' merges a later duplicate into the earlier record, keeping its identity", () => {
    const d = new Deduplicator({
      keys: ['email', 'mobile'],
      strategy: 'update',
      keepOnMerge: ['x_legacy_id'],
    });
    d.accept(load('1', 'a@x.com'));
    const decision = d.accept(load('2', 'a@x.com', '+8801712345678'));
    expect(decision.outcome).toMatchObject({
      kind: 'quarantine',
      reason: 'DUP001',
      message: expect.stringContaining('merged'),
    });
    expect(decision.merge).toEqual({
      intoKey: '1',
      values: { email: 'a@x.com', mobile: '+8801712345678', name: 'n2' },
    });
    // The survivor now owns the merged mobile too.
    expect(d.accept(load('3', 'b@x.com', '+8801712345678')).outcome).toMatchObject({
      reason: 'DUP001',
      field: 'mobile',
    });
  });

  it("'update' does not merge a record matching two different earlier records", () => {
    const d = new Deduplicator({ keys: ['email', 'mobile'], strategy: 'update' });
    d.accept(load('1', 'a@x.com', null));
    d.accept(load('2', null, '+8801712345678'));
    const decision = d.accept(load('3', 'a@x.com', '+8801712345678'));
    expect(decision.merge).toBeUndefined();
    expect(decision.outcome).toMatchObject({ reason: 'DUP001' });
  });
});

describe('DedupeSpec.enforcedByTarget', () => {
  const spec: EntitySpec = {
    entity: 'readings',
    wave: 'w',
    seedRef: 'test',
    source: { system: 'legacy', table: 'readings', key: 'id' },
    target: { table: 't.reading', legacyKey: 'x_legacy_id' },
    fields: [
      { target: 'day', source: 'day', kind: 'text' },
      { target: 'session', source: 'session', kind: 'text' },
    ],
    dedupe: { keys: [['day', 'session']], strategy: 'skip', enforcedByTarget: true },
  };
  const rows = [
    { id: '1', day: 'mon', session: 'am' },
    { id: '2', day: 'mon', session: 'am' },
  ];

  it('the loader leaves the key to the target; the oracle still finds the duplicate', () => {
    const compiled = compileSpec(spec, { sourceColumns: ['id', 'day', 'session'] });
    expect(compiled.targetUniqueKey).toEqual(['day', 'session']);
    const loader = compiled.createDeduplicator([], true);
    expect(rows.map((r) => compiled.decide(r, loader).outcome.kind)).toEqual(['load', 'load']);
    expect(compiled.evaluateAll(rows).map((o) => o.kind)).toEqual(['load', 'quarantine']);
  });

  it('another strategy for the run dedupes in memory; two keys are refused', () => {
    const update = compileSpec(spec, {
      sourceColumns: ['id', 'day', 'session'],
      conflictStrategy: 'update',
    });
    expect(update.targetUniqueKey).toBeUndefined();
    expect(() =>
      compileSpec(
        { ...spec, dedupe: { ...spec.dedupe!, keys: ['day', 'session'] } },
        { sourceColumns: ['id', 'day', 'session'] },
      ),
    ).toThrow(/enforcedByTarget takes exactly one key/);
  });
});
