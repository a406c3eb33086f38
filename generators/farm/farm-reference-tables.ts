import type { RawRow } from '../../src/core/dialect.ts';
import { ExpectationTally } from '../core/expectation-tally.ts';
import type { GeneratorOptions } from '../core/generator-input.ts';
import type { TableGeneration } from '../core/table-generation.ts';
import { estateContext } from '../estate-context.ts';
import { barnCount } from './cattle.ts';
import { BREEDS } from './farm-reference.ts';
import { FARM_SOURCE } from './herd-plan.ts';

export function generateBreeds(options: GeneratorOptions): TableGeneration {
  estateContext(options); // validates the input like every generator
  const tally = new ExpectationTally(FARM_SOURCE, 'breeds');
  BREEDS.forEach(() => tally.loaded());
  return {
    source: FARM_SOURCE,
    table: 'breeds',
    entity: 'breeds',
    columns: ['breed_id', 'breed_name', 'origin', 'avg_milk_yield', 'notes'],
    rowCount: BREEDS.length,
    *rows(): Generator<RawRow> {
      for (let i = 0; i < BREEDS.length; i++) {
        const b = BREEDS[i]!;
        yield [String(i + 1), b.name, b.origin, b.yield, null];
      }
    },
    dirt: [],
    expected: tally.expected,
  };
}

const BARN_TYPES = ['milking', 'dry', 'calf', 'heifer', 'bull', 'isolation'];

export function generateBarns(options: GeneratorOptions): TableGeneration {
  const ctx = estateContext(options);
  const rows = barnCount(ctx.volumes.cattle);
  const tally = new ExpectationTally(FARM_SOURCE, 'barns');
  for (let i = 0; i < rows; i++) tally.loaded();
  return {
    source: FARM_SOURCE,
    table: 'barns',
    entity: 'barns',
    columns: ['barn_id', 'barn_name', 'barn_type', 'capacity', 'location'],
    rowCount: rows,
    *rows(): Generator<RawRow> {
      for (let i = 0; i < rows; i++) {
        const type = BARN_TYPES[i % BARN_TYPES.length]!;
        yield [
          String(i + 1),
          `Shed ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}`,
          type,
          String(40 + (i % 3) * 10),
          i % 2 === 0 ? 'Savar' : 'Gazipur',
        ];
      }
    },
    dirt: [],
    expected: tally.expected,
  };
}
