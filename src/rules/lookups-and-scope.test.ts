import { describe, expect, it } from 'vitest';
import { CutoverError } from '../core/errors.ts';
import { compileSpec } from './compile-spec.ts';
import type { EntitySpec, ParentLookup, ParentStatus } from './spec.ts';

const AS_OF = '2026-06-30T18:00:00Z';

const lines: EntitySpec = {
  entity: 'order_lines',
  wave: 'w',
  seedRef: 'test',
  source: { system: 'legacy', table: 'lines', key: 'line_id' },
  target: { table: 't.line', legacyKey: 'x_legacy_id' },
  fields: [
    {
      target: 'order_id',
      source: 'order_id',
      lookup: { entity: 'orders' },
      required: true,
      kind: 'integer',
    },
    { target: 'qty', source: 'qty', transforms: 'decimal:3|min:0.001', kind: 'decimal3' },
    {
      target: 'product_id',
      source: 'product_id',
      lookup: { entity: ['products', 'services'], onMissing: 'null' },
      kind: 'integer',
    },
  ],
};
const columns = ['line_id', 'order_id', 'qty', 'product_id'];

function parents(table: Record<string, ParentStatus>): ParentLookup {
  return (entity, key) => table[`${entity}:${key}`];
}

describe('lookups: parent references through the id map', () => {
  const compiled = compileSpec(lines, { sourceColumns: columns });
  const lookup = parents({
    'orders:1': { status: 'loaded', id: '101' },
    'orders:2': { status: 'out-of-scope', rule: 'history-window-2y' },
    'orders:3': { status: 'quarantined', reason: 'MIG004' },
    'services:9': { status: 'loaded', id: '909' },
  });
  const row = (over: Record<string, string | null>) => ({
    line_id: '5',
    order_id: '1',
    qty: '2',
    product_id: '9',
    ...over,
  });

  it('resolves a loaded parent to its new id, trying each parent entity', () => {
    expect(compiled.parentEntities).toEqual(['orders', 'products', 'services']);
    expect(compiled.evaluate(row({}), { parents: lookup })).toMatchObject({
      kind: 'load',
      values: { order_id: '101', product_id: '909', qty: '2.000' },
    });
  });

  it('a child of an out-of-scope parent is out of scope under its rule, even when dirty', () => {
    expect(compiled.evaluate(row({ order_id: '2', qty: 'abc' }), { parents: lookup })).toEqual({
      kind: 'out-of-scope',
      key: '5',
      rule: 'history-window-2y',
    });
  });

  it("parentOutOfScope 'orphan': a reference to a parent left out of scope is ORPH01", () => {
    const orders = lines.fields[0]!;
    const strict = compileSpec(
      {
        ...lines,
        fields: [
          { ...orders, lookup: { entity: 'orders', parentOutOfScope: 'orphan' } },
          ...lines.fields.slice(1),
        ],
      },
      { sourceColumns: columns },
    );
    expect(strict.evaluate(row({ order_id: '2' }), { parents: lookup })).toMatchObject({
      kind: 'quarantine',
      reason: 'ORPH01',
      message: 'order_id (from order_id): parent orders "2" is out of scope (history-window-2y)',
    });
  });

  it('a child of a quarantined or unknown parent is ORPH01; onMissing null loads NULL', () => {
    expect(compiled.evaluate(row({ order_id: '3' }), { parents: lookup })).toMatchObject({
      kind: 'quarantine',
      reason: 'ORPH01',
      field: 'order_id',
      message: 'order_id (from order_id): parent orders "3" was quarantined (MIG004)',
    });
    expect(compiled.evaluate(row({ order_id: '4' }), { parents: lookup })).toMatchObject({
      reason: 'ORPH01',
    });
    expect(compiled.evaluate(row({ product_id: '8' }), { parents: lookup })).toMatchObject({
      kind: 'load',
      values: { product_id: null },
    });
    expect(compiled.evaluate(row({ order_id: null }), { parents: lookup })).toMatchObject({
      reason: 'MIG003',
    });
  });

  it('deferred lookups load NULL first and carry the legacy reference for the second pass', () => {
    const animals = compileSpec(
      {
        ...lines,
        entity: 'animals',
        fields: [
          {
            target: 'mother_id',
            source: 'order_id',
            lookup: { entity: 'animals', deferred: true },
            kind: 'integer',
          },
        ],
      },
      { sourceColumns: columns },
    );
    expect(animals.deferredFields).toEqual(['mother_id']);
    expect(animals.evaluate(row({}))).toMatchObject({
      values: { mother_id: null },
      deferred: { mother_id: '1' },
    });
    const after = parents({ 'animals:1': { status: 'loaded', id: '77' } });
    expect(animals.evaluateAll([row({})], { parents: after })[0]).toMatchObject({
      values: { mother_id: '77' },
    });
  });
});

describe('history window (000 §1.2), pinned to asOf', () => {
  const orders: EntitySpec = {
    ...lines,
    entity: 'orders',
    fields: [{ target: 'qty', source: 'qty', kind: 'text' }],
    scope: [
      { name: 'history-window-2y', description: '', column: 'order_date', window: { years: 2 } },
    ],
  };
  const compiled = compileSpec(orders, {
    sourceColumns: ['line_id', 'qty', 'order_date'],
    asOf: AS_OF,
  });
  const at = (order_date: string | null) =>
    compiled.evaluate({ line_id: '1', qty: '1', order_date });

  it('before the window: out of scope by the named rule; inside: loaded', () => {
    // asOf is 2026-07-01 00:00 in Dhaka; the window opens 2024-07-01 00:00 Dhaka.
    expect(at('2024-06-30 23:59:59')).toMatchObject({
      kind: 'out-of-scope',
      rule: 'history-window-2y',
    });
    expect(at('2024-07-01 00:00:00')).toMatchObject({ kind: 'load' });
    expect(at('2026-07-01 00:00:00')).toMatchObject({ kind: 'load' });
  });

  it('after asOf or unparseable: left to the fields (not_future, date: MIG004)', () => {
    expect(at('2026-07-01 00:00:01')).toMatchObject({ kind: 'load' });
    expect(at('30/06/2024')).toMatchObject({ kind: 'out-of-scope' });
    expect(at('01/07/2024')).toMatchObject({ kind: 'load' });
    expect(at('0000-00-00 00:00:00')).toMatchObject({ kind: 'load' });
    expect(at(null)).toMatchObject({ kind: 'load' });
  });

  it('needs asOf', () => {
    expect(() => compileSpec(orders, { sourceColumns: ['line_id', 'qty', 'order_date'] })).toThrow(
      CutoverError,
    );
  });

  it('value rules compare trimmed and case-folded', () => {
    const open = compileSpec(
      {
        ...orders,
        scope: [
          {
            name: 'closed',
            description: '',
            column: 'order_date',
            outOfScopeWhen: ['shipped', null],
          },
        ],
      },
      { sourceColumns: ['line_id', 'qty', 'order_date'] },
    );
    expect(open.evaluate({ line_id: '1', qty: '1', order_date: ' Shipped' })).toMatchObject({
      kind: 'out-of-scope',
    });
    expect(open.evaluate({ line_id: '1', qty: '1', order_date: null })).toMatchObject({
      kind: 'out-of-scope',
    });
    expect(open.evaluate({ line_id: '1', qty: '1', order_date: 'null' })).toMatchObject({
      kind: 'load',
    });
  });
});

describe('not_future and amount', () => {
  it('not_future compares with asOf in Dhaka time', () => {
    const spec: EntitySpec = {
      ...lines,
      fields: [{ target: 'd', source: 'qty', transforms: 'date:dmy|not_future', kind: 'date' }],
    };
    const c = compileSpec(spec, { sourceColumns: columns, asOf: AS_OF });
    expect(c.evaluate({ line_id: '1', qty: '01/07/2026' })).toMatchObject({ kind: 'load' });
    expect(c.evaluate({ line_id: '1', qty: '02/07/2026' })).toMatchObject({ reason: 'MIG004' });
    expect(() => compileSpec(spec, { sourceColumns: columns })).toThrow(/not_future/);
  });

  it('amount strips thousands separators; composite keys join with a colon', () => {
    const spec: EntitySpec = {
      ...lines,
      source: { ...lines.source, key: ['order_id', 'line_id'] },
      fields: [
        { target: 'a', source: 'qty', transforms: 'amount|default:0|round:2', kind: 'decimal2' },
      ],
    };
    const c = compileSpec(spec, { sourceColumns: columns });
    expect(c.evaluate({ line_id: '2', order_id: 'SV/1', qty: '"1,234.565"'.slice(1, -1) })).toEqual(
      {
        kind: 'load',
        key: 'SV/1:2',
        values: { x_legacy_id: 'SV/1:2', a: '1234.57', x_source_system: 'legacy' },
      },
    );
    expect(c.evaluate({ line_id: '2', order_id: 'SV/1', qty: '' })).toMatchObject({
      values: { a: '0.00' },
    });
  });
});
