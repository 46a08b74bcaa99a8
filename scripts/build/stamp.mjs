/**
 * Whether dist/ already holds the build of these sources, so that `npm run build` (and `npm start`,
 * `npm run bench`, which build first) can skip the ~15 s of tsc, bundling and code cache when nothing
 * changed. `npm install` builds once (prepare); without this, `npm install && npm start` built twice.
 *
 * The stamp (dist/.build-stamp.json) is written only after a build that succeeded and made its code
 * cache; it is removed before any build starts, so an interrupted or failed build leaves none. It holds:
 * - a digest of every input's path and content, taken before the build read them (not mtimes: a
 *   checkout that rewrites a file with the same bytes changes nothing), with the Node version and
 *   platform, since the code cache is V8's;
 * - the number and total size of dist/'s files, so a dist/ that lost or gained files is rebuilt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * What the build reads: tsc's inputs (tsconfig.build.json), the build scripts, the dependencies (npm's
 * lockfile and the hidden one it rewrites at every install, which also sees `npm install --no-save`),
 * the scenario the code cache runs.
 */
export const INPUT_DIRS = ['src', 'bench', 'types', join('scripts', 'build')];
export const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', join('node_modules', '.package-lock.json'), join('scenarios', 'default.yaml')];
/** The code cache the bundler makes (bundle.mjs): a build without it is not stamped, so the next one tries again. */
export const CODE_CACHE = join('dist', 'src', 'cli', 'bundle', 'check.cjs.cache');
const STAMP = '.build-stamp.json';
const RUNTIME = `node ${process.version} ${process.platform} ${process.arch}`;

/** Every file under dir, as paths relative to root with '/' separators, sorted; symbolic links followed as tsc and esbuild do (each real folder once). */
function filesUnder(root, dir) {
  const out = [];
  const seen = new Set();
  const walk = (d, shown) => {
    if (!existsSync(d)) return;
    const real = realpathSync(d);
    if (seen.has(real)) return;
    seen.add(real);
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const at = join(shown, e.name);
      const kind = e.isSymbolicLink() && existsSync(p) ? statSync(p) : e;
      if (kind.isDirectory()) walk(p, at);
      else if (kind.isFile()) out.push(at.split(sep).join('/'));
    }
  };
  walk(join(root, dir), dir);
  return out.sort();
}

/** The digest of the build's inputs under root: paths, lengths and contents, in path order, with the runtime that builds. */
export function inputsDigest(root, runtime = RUNTIME) {
  const h = createHash('sha256');
  h.update(`${runtime}\n`);
  const files = [...INPUT_DIRS.flatMap((d) => filesUnder(root, d)), ...INPUT_FILES.filter((f) => existsSync(join(root, f))).map((f) => f.split(sep).join('/'))];
  for (const f of files) {
    const bytes = readFileSync(join(root, f));
    // Path and length first, so that no two file lists hash the same stream.
    h.update(`${f}\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** dist/'s files but the stamp: how many, and their total size in bytes. */
export function outputsSummary(dist) {
  let files = 0;
  let bytes = 0;
  for (const f of filesUnder(dist, '.')) {
    if (f === STAMP) continue;
    files++;
    bytes += statSync(join(dist, f)).size;
  }
  return { files, bytes };
}

/** Whether dist/ under root is the build of root's inputs as they are now (see the file's comment). */
export function upToDate(root, runtime = RUNTIME) {
  const dist = join(root, 'dist');
  const file = join(dist, STAMP);
  if (!existsSync(file)) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (stamp.inputs !== inputsDigest(root, runtime)) return false;
  const now = outputsSummary(dist);
  return stamp.outputs?.files === now.files && stamp.outputs?.bytes === now.bytes;
}

/**
 * Build unless dist/ is current: `build()` (tsc, then the bundle; its exit code) runs when the stamp
 * is missing or stale, or with `force`. Returns the exit code and whether the build was skipped.
 * When skipped, the bin becomes the build's newest file, as after a build: the tests run dist/ only
 * when it is newer than every source (test/cli/harness.ts), and a checkout may have touched sources
 * without changing them.
 */
export function buildIfStale(root, build, { force = false, runtime = RUNTIME } = {}) {
  if (!force && upToDate(root, runtime) && touch(join(root, 'dist', 'src', 'cli', 'main.js'))) return { status: 0, skipped: true };
  rmSync(join(root, 'dist', STAMP), { force: true });
  // Taken before the build reads the inputs: a file saved while it runs must not be stamped as built.
  const before = inputsDigest(root, runtime);
  const status = build();
  // A source saved while it ran leaves a stamp of what the build read, stale at the next check.
  if (status === 0 && existsSync(join(root, CODE_CACHE))) {
    writeFileSync(join(root, 'dist', STAMP), JSON.stringify({ inputs: before, outputs: outputsSummary(join(root, 'dist')) }) + '\n');
  }
  return { status, skipped: false };
}

function touch(file) {
  try {
    const now = new Date();
    utimesSync(file, now, now);
    return true;
  } catch {
    return false;
  }
}
