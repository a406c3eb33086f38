import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as `postgres`
 * (or `nobody`); otherwise as ourselves (undefined: no uid switch).
 */
export function serverUser(): ServerUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  const users = new Map<string, ServerUser>();
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name !== undefined && uid !== undefined && gid !== undefined)
      users.set(name, { name, uid: Number(uid), gid: Number(gid) });
  }
  return users.get('postgres') ?? users.get('nobody');
}

/** Can `user` reach `path`? Every ancestor must be searchable by it (other, owner or group bit). */
export function canTraverse(path: string, user: ServerUser): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    let mode: number;
    let owner: number;
    let group: number;
    try {
      const st = statSync(dir);
      mode = st.mode;
      owner = st.uid;
      group = st.gid;
    } catch {
      return false;
    }
    const ok =
      (mode & 0o001) !== 0 ||
      (owner === user.uid && (mode & 0o100) !== 0) ||
      (group === user.gid && (mode & 0o010) !== 0);
    if (!ok) return false;
    if (dirname(dir) === dir) return true;
  }
}
