/**
 * Wave 2, master data: the farm app's breeds and barns (SQLite) -> farm.breed, farm.barn.
 * Rules: 000 §3.1 farm management app; 001 Day 709.
 */
import { barnsSpec, breedsSpec } from 'cutover';
import { migratedEntityChecks, useMigration } from 'cutover/vitest';

const m = useMigration();

migratedEntityChecks(m, breedsSpec, 'Breeds');
migratedEntityChecks(m, barnsSpec, 'Barns');
