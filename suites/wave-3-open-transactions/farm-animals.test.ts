/**
 * Wave 3: the farm's active animals (farm app SQLite `cattle`) -> farm.animal. Their pedigree
 * is checked once the whole herd is in, in wave 4 (farm-pedigree).
 */
import { animalsSpec } from 'cutover';
import { migratedEntityChecks, useMigration } from 'cutover/vitest';

const m = useMigration();

migratedEntityChecks(m, animalsSpec(true), 'Active animals');
