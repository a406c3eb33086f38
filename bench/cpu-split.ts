import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds spent while something ran, split by who spent them (Linux /proc only). */
export interface CpuSplit {
  /** The whole machine: busy and idle core-seconds. */
  busy: number;
  idle: number;
  /** Processes named postgres / mariadbd (live ones, and children they reaped). */
  postgres: number;
  mariadb: number;
  /** This process (vitest's main process in the checks bench). */
  self: number;
}

const TICKS = 100;

/** Starts measuring; the returned function gives the split so far, or null without /proc. */
export function measureCpu(): () => CpuSplit | null {
  const start = sample();
  const self = process.cpuUsage();
  return () => {
    const end = sample();
    if (start === null || end === null) return null;
    const used = process.cpuUsage(self);
    return {
      busy: (end.busy - start.busy) / TICKS,
      idle: (end.idle - start.idle) / TICKS,
      postgres: (end.postgres - start.postgres) / TICKS,
      mariadb: (end.mariadb - start.mariadb) / TICKS,
      self: (used.user + used.system) / 1e6,
    };
  };
}

export function formatCpu(split: CpuSplit | null): string {
  if (split === null) return 'CPU split: not available (no /proc)';
  const f = (s: number) => s.toFixed(1);
  return `CPU (core-seconds): machine ${f(split.busy)} busy, ${f(split.idle)} idle; PostgreSQL ${f(split.postgres)}, MariaDB ${f(split.mariadb)}, main process ${f(split.self)}, the rest (suite workers, other) ${f(split.busy - split.postgres - split.mariadb - split.self)}`;
}

function sample(): { busy: number; idle: number; postgres: number; mariadb: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu.map(Number);
    let postgres = 0;
    let mariadb = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name !== 'postgres' && name !== 'mariadbd') continue;
        // utime, stime, and the children's it reaped (a closed connection's backend).
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
        if (name === 'postgres') postgres += ticks;
        else mariadb += ticks;
      } catch {
        // The process ended between the listing and the read.
      }
    }
    return {
      busy: user! + nice! + system! + irq! + softirq! + steal!,
      idle: idle! + iowait!,
      postgres,
      mariadb,
    };
  } catch {
    return null;
  }
}
