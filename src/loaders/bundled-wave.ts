import type { EntitySpec } from '../rules/spec.ts';

export interface BundledEntity {
  /** The mapping spec; its `source` says where the records come from. */
  spec: EntitySpec;
}

export interface BundledWave {
  /** Wave id, e.g. 'wave-2-master-data'. */
  wave: string;
  /** Entities in load order: parents before children. */
  entities: readonly BundledEntity[];
}
