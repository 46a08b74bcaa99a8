import { accessSync, closeSync, constants, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Thrown when a write would replace something the user did not ask to replace, or cannot happen at all. */
export class OutputPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputPathError';
  }
}

export interface AtomicWriteOptions {
  /** Replace an existing file, or write where a symbolic link points. Default: false. */
  readonly force?: boolean;
  /** Allow replacing an existing regular file without force (a report's own files). Default: false. */
  readonly overwrite?: boolean;
}

/**
 * Check, before any work is done, that `path` can be written: its folder exists and is a writable
 * folder, and the path itself is not a folder, nor a device or pipe, nor (without force) a symbolic
 * link or an existing file. Returns the path the data will go to: `path`, or with force and a
 * link, the file the link points to.
 */
export function checkOutputFile(path: string, o: AtomicWriteOptions = {}): string {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    st = undefined; // does not exist (yet): fine, if its folder is
  }
  if (st?.isSymbolicLink()) {
    if (!o.force) throw new OutputPathError(`${path} is a symbolic link: add --force to write where it points`);
    // Write to the link's target (atomically there), keeping the link: what "write where it points" means.
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      throw new OutputPathError(`${path} is a symbolic link to nothing (or to a loop): give a file name`);
    }
    return checkOutputFile(target, { ...o, overwrite: true });
  }
  const dir = dirname(path);
  let dirStat;
  try {
    dirStat = statSync(dir); // a link to a folder is a folder
  } catch {
    throw new OutputPathError(`${path}: the folder ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new OutputPathError(`${path}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new OutputPathError(`${path}: the folder ${dir} is not writable`);
  }
  if (st === undefined) return path;
  if (st.isDirectory()) throw new OutputPathError(`${path} is a folder: give a file name`);
  // Renaming over a device or a pipe would replace it (as root: /dev/null) instead of writing to it.
  if (!st.isFile()) throw new OutputPathError(`${path} is not a regular file (a device, pipe or socket): leave the option out to print to stdout`);
  if (!o.force && !o.overwrite) throw new OutputPathError(`${path} exists: add --force to replace it`);
  return path;
}

/** Name of the temporary file beside `path`; STALE_TMP below matches exactly these. */
const tmpName = (path: string) => join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`);
const STALE_TMP_MS = 60 * 60 * 1000;

/**
 * A process killed between open and rename leaves `.<name>.tmp-<pid>-<random>` behind. Remove those
 * of this very file name (never anything else), when older than an hour: a live writer finishes in
 * well under that, so a concurrent write is never disturbed. Best effort.
 */
function removeStaleTemporaries(path: string, nowMs = Date.now()): void {
  const prefix = `.${basename(path)}.tmp-`;
  const own = /^\d+-[a-z0-9]{6}$/;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !own.test(name.slice(prefix.length))) continue;
    const p = join(dirname(path), name);
    try {
      const st = lstatSync(p);
      if (st.isFile() && nowMs - st.mtimeMs > STALE_TMP_MS) rmSync(p, { force: true });
    } catch {
      /* gone already */
    }
  }
}

/**
 * Write `data` to `path` so that a reader (or a crash) sees the old file or the new one, never a
 * half-written one: into a temporary file beside it, flushed, then one rename. A symbolic link at
 * `path` is refused without force; with force the file it points to is replaced (atomically, the
 * link kept). Returns the path written.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): string {
  const target = checkOutputFile(path, o);
  removeStaleTemporaries(target);
  const tmp = tmpName(target);
  // 'wx': fail rather than follow a link or reuse a file someone placed at the temporary name.
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
    return target;
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw err;
  }
}
