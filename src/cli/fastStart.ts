import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * `fleetsim check` from a code-cached bundle (issue 18; docs/cli.md, "Start-up").
 *
 * Node 20 keeps no compiled code between runs of an ES module, so every `check` compiled the CLI's
 * chunks again: about a quarter of its ~0.37 s. scripts/build/bundle.mjs also bundles the CLI's
 * definitions and check's action as one CommonJS script (bundle/check.cjs), runs `check` once and
 * stores V8's code cache of it beside it (check.cjs.cache, made by the same node that will read
 * it). The bin starts `check` from that script through vm.Script with the cache: V8 deserializes
 * the functions check runs instead of compiling them. Every other command starts from the ES module
 * bundle as before (help is as fast either way, and ink and vega, which only other commands load,
 * cannot be required).
 *
 * Nothing here may import the program: this module decides, before any of it loads, which bundle
 * starts. Without the script (a build without its bundle step) the bin falls back to the ES module
 * bundle; a cache made by another node or with other V8 flags is rejected by V8, and the script is
 * then compiled as usual (the same output, the old start-up time).
 */

/** Whether these arguments (after `fleetsim`) run `check`: its name first, with no help wanted. */
export function startsCheck(argv: readonly string[]): boolean {
  if (argv[0] !== 'check') return false;
  for (const a of argv) {
    if (a === '--') break;
    if (a === '-h' || a === '--help') return false;
  }
  return true;
}

/** Set (to a path) when the build runs check to make the cache: the code cache is written there at exit. */
export const CODE_CACHE_OUT_ENV = 'FLEETSIM_CODE_CACHE_OUT';
/** Set (to anything) to start every command from the ES module bundle: what the start-up tests of that bundle trace. */
export const NO_FAST_START_ENV = 'FLEETSIM_NO_FAST_START';

/**
 * Start `check` from the CommonJS bundle at `script` (its code cache at `script`.cache); false when
 * these arguments are not a check, the fast start is switched off or the script is missing, and
 * the caller starts the ES module bundle instead. The script runs the CLI's main() on load, as the
 * ES module bundle does when it is the process's main module.
 */
export function startFast(argv: readonly string[], script: URL): boolean {
  if (!startsCheck(argv) || process.env[NO_FAST_START_ENV] !== undefined) return false;
  const file = fileURLToPath(script);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const compiled = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    // The script's import() of packages (and of tsx for a TypeScript scenario) goes to node's own loader.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (process.env.FLEETSIM_DEBUG) process.stderr.write(`fleetsim: check from ${file} (code cache ${cachedData === undefined ? 'absent' : compiled.cachedDataRejected ? 'rejected' : 'accepted'})\n`);
  const out = process.env[CODE_CACHE_OUT_ENV];
  // At exit, so that the cache holds every function check compiled, not only the top level.
  if (out) process.once('exit', () => writeCache(out, compiled.createCachedData()));
  const module = { exports: {} };
  (compiled.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return true;
}

/** Write beside, then rename: a reader never sees half a cache. */
function writeCache(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
