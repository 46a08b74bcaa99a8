import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIfStale, CODE_CACHE, inputsDigest, outputsSummary, upToDate } from '../../../scripts/build/stamp.mjs';

// `npm run build` skips when dist/ is the build of the sources as they are (scripts/build/stamp.mjs):
// on a made-up project with a stand-in for tsc and the bundler, every change that must rebuild does,
// what must not does not, a build that failed or made no code cache is not stamped, and one that raced
// an edit is stamped with what it read, stale at once.
let root = '';
const put = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const BIN = 'dist/src/cli/main.js';
/** The stand-in build: writes dist/ from src/ as tsc and the bundler would (the code cache too), then runs `during`; counts its runs. */
let builds = 0;
const build = (during?: () => void) => () => {
  builds++;
  put('dist/src/a.js', readFileSync(join(root, 'src/a.ts'), 'utf8'));
  put(BIN, '// bin\n');
  put(CODE_CACHE, 'cache');
  // After tsc read the sources (a file saved in the editor meanwhile).
  during?.();
  return 0;
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fleetsim-stamp-'));
  builds = 0;
  put('src/a.ts', 'export const a = 1;\n');
  put('src/sub/b.ts', 'export const b = 2;\n');
  put('bench/run.ts', '// bench\n');
  put('types/x.d.ts', 'declare module "x";\n');
  put('scripts/build/bundle.mjs', '// bundler\n');
  for (const f of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) put(f, '{}\n');
  put('scenarios/default.yaml', 'name: x\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the build stamp', () => {
  it('builds without a stamp, then skips, touching the bin so that it is newer than every source', () => {
    expect(buildIfStale(root, build())).toEqual({ status: 0, skipped: false });
    expect(upToDate(root)).toBe(true);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, BIN), old, old);
    expect(buildIfStale(root, build())).toEqual({ status: 0, skipped: true });
    expect(builds).toBe(1);
    expect(statSync(join(root, BIN)).mtimeMs).toBeGreaterThan(old.getTime() + 60_000);
    expect(buildIfStale(root, build(), { force: true }).skipped).toBe(false);
    expect(builds).toBe(2);
  });

  it('a build that failed or made no code cache leaves no stamp, one that ran while a source changed a stale one: the next one builds', () => {
    expect(buildIfStale(root, () => (builds++, 2))).toEqual({ status: 2, skipped: false });
    expect(upToDate(root)).toBe(false);
    expect(buildIfStale(root, () => (build()(), rmSync(join(root, CODE_CACHE)), 0)).status).toBe(0);
    expect(upToDate(root)).toBe(false);
    // Saved in the editor while tsc ran: dist/ holds what tsc read, not the new text.
    const edited = build(() => put('src/a.ts', 'export const a = 2;\n'));
    expect(buildIfStale(root, edited)).toEqual({ status: 0, skipped: false });
    expect(upToDate(root)).toBe(false);
    const before = builds;
    expect(buildIfStale(root, build()).skipped).toBe(false);
    expect(builds).toBe(before + 1);
  });

  it('every kind of input, edited, added, removed or renamed, and another Node: rebuilt (the changes add up, each checked)', () => {
    const changes: (() => void)[] = [
      () => put('src/a.ts', 'export const a = 10;\n'),
      () => put('src/sub/c.ts', '\n'),
      () => rmSync(join(root, 'src/sub/b.ts')),
      // Renamed, the same bytes (c.ts, added above).
      () => (rmSync(join(root, 'src/sub/c.ts')), put('src/sub/d.ts', '\n')),
      () => put('bench/run.ts', '// bench 2\n'),
      () => put('types/x.d.ts', 'declare module "y";\n'),
      () => put('scripts/build/bundle.mjs', '// bundler 2\n'),
      ...['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => () => put(f, '{ "changed": true }\n')),
      () => put('scenarios/default.yaml', 'name: y\n'),
    ];
    for (const change of changes) {
      buildIfStale(root, build());
      expect(upToDate(root)).toBe(true);
      change();
      expect(upToDate(root), String(change)).toBe(false);
    }
    buildIfStale(root, build());
    expect(upToDate(root, 'node v99.0.0 linux x64')).toBe(false);
    expect(inputsDigest(root, 'node v99.0.0 linux x64')).not.toBe(inputsDigest(root));
  });

  it('a file moved between folders with the same bytes changes the digest: paths count, not only contents', () => {
    const before = inputsDigest(root);
    rmSync(join(root, 'src/sub/b.ts'));
    put('src/b.ts', 'export const b = 2;\n');
    expect(inputsDigest(root)).not.toBe(before);
  });

  it('sources behind a symbolic link count, as tsc and esbuild follow it', () => {
    put('elsewhere/shared.ts', 'export const s = 1;\n');
    symlinkSync(join(root, 'elsewhere'), join(root, 'src/linked'));
    buildIfStale(root, build());
    expect(upToDate(root)).toBe(true);
    put('elsewhere/shared.ts', 'export const s = 2;\n');
    expect(upToDate(root)).toBe(false);
  });

  it('touching sources without changing them, or files outside the inputs: still up to date', () => {
    buildIfStale(root, build());
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/a.ts'), later, later);
    put('README.md', 'docs\n');
    put('test/x.test.ts', '// tests are not built\n');
    expect(upToDate(root)).toBe(true);
  });

  it('a dist/ that lost or gained a file (even an empty one), or whose file changed size: rebuilt', () => {
    buildIfStale(root, build());
    rmSync(join(root, 'dist/src/a.js'));
    expect(upToDate(root)).toBe(false);
    put('dist/src/a.js', 'export const a = 1;\n');
    expect(upToDate(root)).toBe(true);
    put('dist/src/empty.js', '');
    expect(upToDate(root)).toBe(false);
    rmSync(join(root, 'dist/src/empty.js'));
    put(BIN, '// bin, half written');
    expect(upToDate(root)).toBe(false);
  });

  it('counts dist/ without the stamp, and a damaged stamp is no stamp', () => {
    build()();
    const before = outputsSummary(join(root, 'dist'));
    expect(before).toEqual({ files: 3, bytes: 'export const a = 1;\n'.length + '// bin\n'.length + 'cache'.length });
    buildIfStale(root, build(), { force: true });
    expect(outputsSummary(join(root, 'dist'))).toEqual(before);
    const stamp = join(root, 'dist/.build-stamp.json');
    writeFileSync(stamp, readFileSync(stamp, 'utf8').slice(0, 10));
    expect(upToDate(root)).toBe(false);
  });
});
