import { describe, expect, it } from 'vitest';
import { compileSpec } from './compile-spec.ts';
import type { EntitySpec } from './spec.ts';

const animals: EntitySpec = {
  entity: 'active_animals',
  wave: 'w3',
  seedRef: 'test',
  source: { system: 'farm_app', table: 'cattle', key: 'id' },
  target: { table: 'farm.animal', legacyKey: 'x_legacy_id' },
  scope: [
    {
      name: 'not-active',
      description: 'wave split',
      column: 'status',
      inScopeOnlyWhen: ['active'],
      elsewhere: 'history_animals',
    },
  ],
  fields: [
    { target: 'tag_number', source: 'tag', transforms: 'required|code', kind: 'text' },
    {
      target: 'mother_id',
      source: 'mother',
      lookup: { entity: 'active_animals', deferred: true, onMissing: 'quarantine' },
      kind: 'integer',
    },
  ],
  dedupe: { keys: ['tag_number'], strategy: 'skip' },
};
const columns = ['id', 'tag', 'status', 'mother'];
const row = (id: string, tag: string | null, status: string, mother: string | null = null) => ({
  id,
  tag,
  status,
  mother,
});

describe('registry rules: wave splits, deferred orphans, codes', () => {
  it('a record another wave migrates still claims its dedupe keys, in source order', () => {
    const outcomes = compileSpec(animals, { sourceColumns: columns }).evaluateAll([
      row('1', 'sd 0001', 'dead'),
      row('2', 'SD0001', 'active'),
      row('3', ' sd-0003', 'active', '1'),
      row('4', 'SD-0004', 'active', '77'),
    ]);
    expect(outcomes.map((o) => [o.key, o.kind, 'reason' in o ? o.reason : ''])).toEqual([
      ['1', 'out-of-scope', ''],
      ['2', 'quarantine', 'DUP001'],
      ['3', 'load', ''],
      ['4', 'quarantine', 'ORPH01'],
    ]);
    expect(outcomes[2]).toMatchObject({ values: { tag_number: 'SD-0003' } });
  });

  it('a list lookup needs every key migrated; a composite dedupe key needs every part', () => {
    const spec: EntitySpec = {
      entity: 'vouchers',
      wave: 'w4',
      seedRef: 'test',
      source: { system: 'acc', table: 'vouchers', key: 'no' },
      target: { table: 'accounting.move', legacyKey: 'x_legacy_id' },
      fields: [
        {
          target: 'accounts',
          source: 'accounts',
          lookup: { entity: 'coa', many: true },
          write: false,
          kind: 'text',
        },
        { target: 'a', source: 'a', kind: 'text' },
        { target: 'b', source: 'b', kind: 'text' },
      ],
      dedupe: { keys: [['a', 'b']], strategy: 'skip' },
    };
    const parents = (entity: string, key: string) =>
      entity === 'coa' && key !== '4999'
        ? { status: 'loaded' as const, id: `id${key}` }
        : undefined;
    const outcomes = compileSpec(spec, { sourceColumns: ['no', 'accounts', 'a', 'b'] }).evaluateAll(
      [
        { no: '1', accounts: '1010,1200', a: 'x', b: 'y' },
        { no: '2', accounts: '1010,4999', a: 'x', b: 'z' },
        { no: '3', accounts: '1010', a: 'X ', b: 'y' },
        { no: '4', accounts: '1010', a: 'x', b: null },
      ],
      { parents },
    );
    expect(outcomes.map((o) => ('reason' in o ? o.reason : o.kind))).toEqual([
      'load',
      'ORPH01',
      'DUP001',
      'load',
    ]);
  });
});
