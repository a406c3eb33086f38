import { describe, expect, it } from 'vitest';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { compileSpec } from './compile-spec.ts';
import type { EntitySpec } from './spec.ts';

const base: EntitySpec = {
  entity: 'things',
  wave: 'wave-x',
  seedRef: 'test',
  source: { system: 'legacy', table: 'things', key: 'id' },
  target: { table: 't.thing', legacyKey: 'x_legacy_id' },
  fields: [{ target: 'name', source: 'name', transforms: 'trim', kind: 'text' }],
};

function refusal(spec: EntitySpec, sourceColumns = ['id', 'name']): CutoverError {
  try {
    compileSpec(spec, { sourceColumns });
  } catch (error) {
    if (error instanceof CutoverError) return error;
    throw error;
  }
  throw new Error('spec was accepted');
}

describe('compileSpec', () => {
  it('adds the legacy key field when the spec does not list it; column names are case-insensitive', () => {
    const compiled = compileSpec(base, { sourceColumns: ['ID', 'Name'] });
    expect(compiled.targetColumns).toEqual(['x_legacy_id', 'name', 'x_source_system']);
    expect(compiled.evaluate({ ID: '7', Name: ' a ' })).toEqual({
      kind: 'load',
      key: '7',
      values: { x_legacy_id: '7', name: 'a', x_source_system: 'legacy' },
    });
  });

  it('lists the legacy columns its rules read, in source order: keys, fields, scope rules', () => {
    const compiled = compileSpec(
      {
        ...base,
        fields: [
          ...base.fields,
          { target: 'code', source: 'CODE', kind: 'text' },
          { target: 'kind', constant: 'x', kind: 'text' },
        ],
        scope: [
          { name: 'active', description: 'active', column: 'status', inScopeOnlyWhen: ['a'] },
        ],
      },
      { sourceColumns: ['notes', 'code', 'status', 'name', 'id', 'unused'] },
    );
    expect(compiled.readColumns).toEqual(['code', 'status', 'name', 'id']);
  });

  it('refuses an unknown source column naming entity, field and column', () => {
    const error = refusal({ ...base, fields: [{ target: 'name', source: 'nmae', kind: 'text' }] });
    expect(error.code).toBe(ErrorCodes.SPEC_INVALID);
    expect(error.message).toContain("entity 'things'");
    expect(error.message).toContain("field 'name'");
    expect(error.message).toContain("legacy column 'nmae'");
    expect(error.details).toMatchObject({ entity: 'things', column: 'nmae' });
  });

  it('refuses an unknown key or scope column', () => {
    expect(refusal({ ...base, source: { ...base.source, key: 'thing_id' } }).message).toContain(
      "'thing_id'",
    );
    const scope = [{ name: 'old', description: '', column: 'status', outOfScopeWhen: ['x'] }];
    expect(refusal({ ...base, scope }).message).toContain("scope 'old'");
  });

  it('refuses a bad pipeline before any row moves', () => {
    const error = refusal({
      ...base,
      fields: [{ target: 'name', source: 'name', transforms: 'trim|titel_case', kind: 'text' }],
    });
    expect(error.message).toMatch(/entity 'things'.*field 'name'.*unknown transform 'titel_case'/);
  });

  it('refuses a field with both or neither of source and constant, a duplicate target and a foreign dedupe key', () => {
    expect(refusal({ ...base, fields: [{ target: 'name', kind: 'text' }] }).message).toContain(
      'exactly one of source or constant',
    );
    expect(
      refusal({
        ...base,
        fields: [{ target: 'name', source: 'name', constant: 'x', kind: 'text' }],
      }).message,
    ).toContain('exactly one');
    const twice = [...base.fields, { target: 'name', source: 'id', kind: 'text' as const }];
    expect(refusal({ ...base, fields: twice }).message).toContain('mapped twice');
    expect(refusal({ ...base, dedupe: { keys: ['email'], strategy: 'skip' } }).message).toContain(
      "dedupe key 'email'",
    );
  });

  it('a NULL constant is a constant', () => {
    const compiled = compileSpec(
      { ...base, fields: [...base.fields, { target: 'note', constant: null, kind: 'text' }] },
      { sourceColumns: ['id', 'name'] },
    );
    expect(compiled.evaluate({ id: '1', name: 'a' })).toMatchObject({ values: { note: null } });
  });

  it('onInvalid null loads NULL; required still quarantines MIG003', () => {
    const compiled = compileSpec(
      {
        ...base,
        fields: [
          {
            target: 'name',
            source: 'name',
            transforms: 'bd_phone',
            onInvalid: 'null',
            kind: 'text',
          },
          {
            target: 'other',
            source: 'name',
            transforms: 'bd_phone',
            onInvalid: 'null',
            required: true,
            kind: 'text',
          },
        ],
      },
      { sourceColumns: ['id', 'name'] },
    );
    expect(compiled.evaluate({ id: '1', name: 'x' })).toMatchObject({
      kind: 'quarantine',
      reason: 'MIG003',
      field: 'other',
    });
  });
});
