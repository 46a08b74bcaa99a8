/**
 * Whether dist/ already holds the build of these sources, so that `npm run build` (and `npm start`,
 * `npm run bench`, which build first) can skip the ~15 s of tsc, bundling and code cache when nothing
 * changed. `npm install` builds once (prepare); without this, `npm install && npm start` built twice.
 *
 * The stamp (dist/.build-stamp.json) is written after a build that succeeded and removed before any
 * build starts, so an interrupted or failed build leaves none. It holds:
 * - a digest of every input's path and content (not mtimes: a checkout that rewrites a file with the
 *   same bytes changes nothing), with the Node version and platform, since the code cache is V8's;
 * - the number and total size of dist/'s files, so a dist/ that lost or gained files is rebuilt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** What the build reads: tsc's inputs (tsconfig.build.json), the build scripts, the dependencies, the scenario the code cache runs. */
export const INPUT_DIRS = ['src', 'bench', 'types', join('scripts', 'build')];
export const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', join('scenarios', 'default.yaml')];
const STAMP = '.build-stamp.json';

/** Every file under dir, as paths relative to root with '/' separators, sorted. */
function filesUnder(root, dir) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

/** The digest of the build's inputs under root: paths, lengths and contents, in path order, with the Node that builds. */
export function inputsDigest(root) {
  const h = createHash('sha256');
  h.update(`node ${process.version} ${process.platform} ${process.arch}\n`);
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
export function upToDate(root) {
  const dist = join(root, 'dist');
  const file = join(dist, STAMP);
  if (!existsSync(file)) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (stamp.inputs !== inputsDigest(root)) return false;
  const now = outputsSummary(dist);
  return stamp.outputs?.files === now.files && stamp.outputs?.bytes === now.bytes;
}

/** Before a build: no stamp, so that a build that stops halfway is never taken as current. */
export function removeStamp(root) {
  rmSync(join(root, 'dist', STAMP), { force: true });
}

/** After a build that succeeded: the stamp of its inputs and outputs. */
export function writeStamp(root) {
  const dist = join(root, 'dist');
  writeFileSync(join(dist, STAMP), JSON.stringify({ inputs: inputsDigest(root), outputs: outputsSummary(dist) }) + '\n');
}
