/**
 * Rollback rehearsals (001 §1.5, §5.2: rollback tested, < 30 minutes; 000 §9.2). They run
 * after every other suite (a folder whose name holds 'rollback': its files run after the
 * check files, one at a time in path order) and in reverse wave order, as a real back-out
 * would: each wave's tables must come back to the snapshot taken before that wave was
 * loaded.
 */
import { describe } from 'vitest';
import { allWaves } from 'cutover';
import { check, rehearseWaveRollback, useMigration } from 'cutover/vitest';

const m = useMigration();

// The whole plan, declared before the run context is read: a wave this run did not load is
// reported as skipped.
for (const wave of [...allWaves].reverse()) {
  describe(`001 §5.2, 000 §9.2: ${wave.wave} rolls back in under 30 minutes to its pre-wave state`, () => {
    check(
      {
        id: `${wave.wave}/rollback`,
        wave: wave.wave,
        title: 'rollback rehearsal restores the pre-wave checksums',
        criterion: 'rollback',
        seedRef: '001 §1.5, §5.2; 000 §9.2',
      },
      (meta) =>
        rehearseWaveRollback(meta, m, {
          wave: wave.wave,
          entities: wave.entities.map((e) => e.spec.entity),
        }),
    );
  });
}
