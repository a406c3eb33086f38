import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { customerDefects } from './customer-defects.ts';
import { transactionDefects } from './transaction-defects.ts';
import type { PlantedDefect } from './defect.ts';

export type { PlantedDefect } from './defect.ts';

export const plantedDefects: readonly PlantedDefect[] = [...customerDefects, ...transactionDefects];

export function findDefect(name: string): PlantedDefect {
  const defect = plantedDefects.find((d) => d.name === name);
  if (!defect) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `unknown defect '${name}' for --plant: choose one of ${plantedDefects.map((d) => d.name).join(', ')}`,
    );
  }
  return defect;
}
