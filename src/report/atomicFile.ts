import { closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Thrown when a write would replace something the user did not ask to replace. */
export class OutputPathError extends Error {}

export interface AtomicWriteOptions {
  /** Replace an existing file, or write where a symbolic link points. Default: false. */
  readonly force?: boolean;
  /** Allow replacing an existing regular file without force (a report's own files). Default: false. */
  readonly overwrite?: boolean;
}

/**
 * Check, before any work is done, that `path` can be written: its folder exists and is a folder,
 * and the path itself is not a folder, nor (without force) a symbolic link or an existing file.
 */
export function checkOutputFile(path: string, o: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  let dirStat;
  try {
    dirStat = lstatSync(dir);
  } catch {
    throw new OutputPathError(`${path}: the folder ${dir} does not exist`);
  }
  if (!dirStat.isDirectory() && !(dirStat.isSymbolicLink())) throw new OutputPathError(`${path}: ${dir} is not a folder`);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return; // does not exist: fine
  }
  if (st.isDirectory()) throw new OutputPathError(`${path} is a folder: give a file name`);
  if (st.isSymbolicLink() && !o.force) throw new OutputPathError(`${path} is a symbolic link: add --force to write where it points`);
  if (!o.force && !o.overwrite) throw new OutputPathError(`${path} exists: add --force to replace it`);
}

/**
 * Write `data` to `path` so that a reader (or a crash) sees the old file or the new one, never a
 * half-written one: into a temporary file beside it, flushed, then one rename. A symbolic link at
 * `path` is replaced by the file only with force (the link's target is never written through).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): void {
  checkOutputFile(path, o);
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  // 'wx': fail rather than follow a link or reuse a file someone placed at the temporary name.
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
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
