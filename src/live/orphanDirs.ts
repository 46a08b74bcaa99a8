import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Temporary folders named after the process that owns them, "<prefix><pid>-XXXXXX", so that a later
 * run can tell a folder whose owner is dead (killed before it could clean up, its watchdog killed
 * with it) from one in use, and remove only the former. A real etcd cluster's folder holds hundreds
 * of MB (each member preallocates a 64 MB WAL segment), so leftovers matter.
 */

/** Create "<parent>/<prefix><our pid>-XXXXXX". */
export function makeOwnedTempDir(parent: string, prefix: string): string {
  return mkdtempSync(join(parent, `${prefix}${process.pid}-`));
}

/** Whether a process with this pid exists (EPERM: it exists, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Remove the folders in `parent` that match "<prefix><pid>-XXXXXX" (mkdtemp's six characters), are
 * real folders (not links) owned by this user, and whose pid is not a live process. Anything else
 * is left alone: other names, other users' folders, folders of running processes. Returns the paths
 * removed. `alive` is for tests.
 */
export function removeOrphanDirs(parent: string, prefix: string, alive: (pid: number) => boolean = pidAlive): string[] {
  const pattern = new RegExp(`^${escapeRegExp(prefix)}(\\d+)-[A-Za-z0-9]{6}$`);
  const uid = process.getuid?.();
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const path = join(parent, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      /* vanished meanwhile, or not ours to remove */
    }
  }
  return removed;
}
