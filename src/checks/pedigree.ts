import type { CheckResult } from '../core/check-result.ts';
import type { Db } from '../core/dialect.ts';
import { buildResult, FailureList, type CheckMeta } from './check-meta.ts';

export interface PedigreeOptions {
  db: Db;
  table: string;
  /** Key reported for an animal (its legacy id or tag). */
  keyColumn: string;
  /** Column the mother/father columns refer to. */
  idColumn: string;
  motherColumn: string;
  fatherColumn: string;
  sexColumn: string;
  birthColumn: string;
  /** Values of the sex column (compared lower-cased). */
  female?: string;
  male?: string;
  where?: string;
}

interface Animal {
  key: string;
  mother: string | null;
  father: string | null;
  sex: string;
  born: string | null;
}

/**
 * Farm pedigree (001 §5.1: farm records linked correctly): every named parent exists, the
 * mother is female and the father male, both were born before the calf, and no animal is
 * its own ancestor. The herd is small (hundreds to thousands): read once, checked in Node.
 */
export async function pedigree(meta: CheckMeta, options: PedigreeOptions): Promise<CheckResult> {
  const startedAt = performance.now();
  const herd = await readHerd(options);
  const female = (options.female ?? 'female').toLowerCase();
  const male = (options.male ?? 'male').toLowerCase();
  const failures = new FailureList(meta);
  for (const animal of herd.values()) {
    for (const [role, ref, sex] of [
      ['mother', animal.mother, female],
      ['father', animal.father, male],
    ] as const) {
      if (ref === null) continue;
      const parent = herd.get(ref);
      const field = role === 'mother' ? options.motherColumn : options.fatherColumn;
      if (!parent)
        failures.add({ key: animal.key, field, actual: ref, message: `${role} does not exist` });
      else {
        if (parent.sex !== sex)
          failures.add({
            key: animal.key,
            field,
            expected: sex,
            actual: parent.sex,
            message: `${role} ${parent.key} is ${parent.sex}`,
          });
        // ISO dates compare as text.
        if (parent.born !== null && animal.born !== null && parent.born >= animal.born) {
          failures.add({
            key: animal.key,
            field,
            expected: `born before ${animal.born}`,
            actual: parent.born,
            message: `${role} ${parent.key} is not older than the calf`,
          });
        }
      }
    }
  }
  for (const cycle of findCycles(herd)) {
    failures.add({ key: cycle[0] ?? '', message: `pedigree cycle: ${cycle.join(' -> ')}` });
  }
  return buildResult(meta, {
    kind: 'pedigree',
    status: failures.count === 0 ? 'pass' : 'fail',
    summary: `${failures.count} pedigree problems among ${herd.size} animals`,
    startedAt,
    failures,
    source: herd.size.toString(),
    target: failures.count.toString(),
    tolerance: '0',
    unit: 'problems',
  });
}

async function readHerd(o: PedigreeOptions): Promise<Map<string, Animal>> {
  const d = o.db.dialect;
  const q = (n: string) => d.quoteIdent(n);
  const born = d.canonicalExpr({ column: o.birthColumn, kind: 'date' });
  const sql = `SELECT ${q(o.idColumn)}, ${q(o.keyColumn)}, ${q(o.motherColumn)}, ${q(o.fatherColumn)}, LOWER(${q(o.sexColumn)}), ${born} FROM ${q(o.table)}${o.where ? ` WHERE ${o.where}` : ''}`;
  const herd = new Map<string, Animal>();
  for await (const [id, key, mother, father, sex, birth] of o.db.stream(sql)) {
    herd.set(id ?? '', {
      key: key ?? id ?? '',
      mother: mother ?? null,
      father: father ?? null,
      sex: sex ?? '',
      born: birth ?? null,
    });
  }
  return herd;
}

/** Each cycle once, as keys, starting from its smallest id; iterative so a long line cannot overflow the stack. */
function findCycles(herd: Map<string, Animal>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const start of [...herd.keys()].sort()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const animal = herd.get(top.id);
      const parents = animal
        ? [animal.mother, animal.father].filter((p): p is string => p !== null && herd.has(p))
        : [];
      if (top.next < parents.length) {
        const parent = parents[top.next++]!;
        const seen = state.get(parent);
        if (seen === 'open') {
          const loop = path.slice(path.indexOf(parent));
          cycles.push(loop.map((id) => herd.get(id)?.key ?? id));
        } else if (seen === undefined) {
          state.set(parent, 'open');
          path.push(parent);
          stack.push({ id: parent, next: 0 });
        }
      } else {
        state.set(top.id, 'done');
        path.pop();
        stack.pop();
      }
    }
  }
  return cycles;
}
