import { accessSync, constants, mkdirSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OutputPathError } from './atomicFile.js';

/**
 * Report folders: checked before a run starts (an hour of simulation must not end in "cannot write"),
 * and created one level at a time. Node's `mkdirSync(p, { recursive: true })` never returns on some
 * pseudo file systems (under /proc it retries for ever), so it is not used for user-given paths.
 */

/** The nearest folder above or at `path` that exists, and the names to create below it, outermost first. */
function existingAncestor(path: string): { base: string; missing: string[] } {
  const missing: string[] = [];
  let p = resolve(path);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(p) !== p) {
        missing.unshift(p);
        p = dirname(p);
        continue;
      }
      if (code === 'ENOTDIR') {
        // A file somewhere above: walk up until the culprit is found and name it.
        missing.unshift(p);
        p = dirname(p);
        continue;
      }
      throw new OutputPathError(`${path}: cannot use ${p} (${code ?? (err as Error).message})`);
    }
    if (!st.isDirectory()) throw new OutputPathError(`${path}: ${p} is ${p === resolve(path) ? 'a file, not a folder' : 'a file, so nothing can go under it'}`);
    return { base: p, missing };
  }
}

/**
 * Check, without leaving anything behind, that report folders can be made under `dir`: it is a
 * folder or can be created, and a folder can really be created in it (a probe, removed at once:
 * permission bits say nothing for root, and /proc or /sys refuse what their modes allow).
 */
export function checkReportDir(dir: string): void {
  const { base, missing } = existingAncestor(dir);
  try {
    accessSync(base, constants.W_OK | constants.X_OK);
  } catch {
    throw new OutputPathError(`${dir}: ${base} is not writable`);
  }
  let probe: string;
  try {
    probe = mkdtempSync(join(base, '.fleetsim-probe-'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new OutputPathError(`${dir}: cannot create folders ${missing.length > 0 ? `under ${base}` : 'in it'} (${code})`);
  }
  rmdirSync(probe);
}

/** Create `dir` and the folders above it that are missing, one mkdir at a time; an existing folder is fine. */
export function ensureDir(dir: string): void {
  const { missing } = existingAncestor(dir);
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(p).isDirectory()) continue; // made by a concurrent run
      throw new OutputPathError(`${dir}: cannot create ${p} (${code ?? (err as Error).message})`);
    }
  }
}
