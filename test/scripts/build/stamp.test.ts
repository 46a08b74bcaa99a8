import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputsDigest, outputsSummary, removeStamp, upToDate, writeStamp } from '../../../scripts/build/stamp.mjs';

// `npm run build` skips when dist/ is the build of the sources as they are (scripts/build/stamp.mjs):
// on a made-up project, every change that must rebuild does, and what must not, does not.
let root = '';
const put = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fleetsim-stamp-'));
  put('src/a.ts', 'export const a = 1;\n');
  put('src/sub/b.ts', 'export const b = 2;\n');
  put('bench/run.ts', '// bench\n');
  put('scripts/build/bundle.mjs', '// bundler\n');
  put('package-lock.json', '{}\n');
  put('tsconfig.json', '{}\n');
  put('scenarios/default.yaml', 'name: x\n');
  put('dist/src/a.js', 'export const a = 1;\n');
  put('dist/src/cli/main.js', '// bin\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the build stamp', () => {
  it('no stamp: not up to date; after a build writes it: up to date', () => {
    expect(upToDate(root)).toBe(false);
    writeStamp(root);
    expect(upToDate(root)).toBe(true);
    removeStamp(root);
    expect(upToDate(root)).toBe(false);
  });

  it('a source edited, added, removed or renamed, or a build input changed: rebuilt (the changes add up, each checked)', () => {
    const changes: (() => void)[] = [
      () => put('src/a.ts', 'export const a = 10;\n'),
      () => put('src/sub/c.ts', '\n'),
      () => rmSync(join(root, 'src/sub/b.ts')),
      // Renamed, the same bytes (c.ts, added above).
      () => (rmSync(join(root, 'src/sub/c.ts')), put('src/sub/d.ts', '\n')),
      () => put('package-lock.json', '{ "lockfileVersion": 3 }\n'),
      () => put('scripts/build/bundle.mjs', '// bundler 2\n'),
      () => put('bench/run.ts', '// bench 2\n'),
      () => put('tsconfig.json', '{ "x": 1 }\n'),
    ];
    for (const change of changes) {
      const before = inputsDigest(root);
      writeStamp(root);
      change();
      expect(inputsDigest(root)).not.toBe(before);
      expect(upToDate(root)).toBe(false);
    }
  });

  it('a file moved between folders with the same bytes changes the digest: paths count, not only contents', () => {
    const before = inputsDigest(root);
    rmSync(join(root, 'src/sub/b.ts'));
    put('src/b.ts', 'export const b = 2;\n');
    expect(inputsDigest(root)).not.toBe(before);
  });

  it('touching sources without changing them, or files outside the inputs: still up to date', () => {
    writeStamp(root);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/a.ts'), later, later);
    put('README.md', 'docs\n');
    put('test/x.test.ts', '// tests are not built\n');
    expect(upToDate(root)).toBe(true);
  });

  it('a dist/ that lost or gained a file, or whose file changed size: rebuilt', () => {
    writeStamp(root);
    rmSync(join(root, 'dist/src/a.js'));
    expect(upToDate(root)).toBe(false);
    put('dist/src/a.js', 'export const a = 1;\n');
    expect(upToDate(root)).toBe(true);
    put('dist/src/extra.js', '\n');
    expect(upToDate(root)).toBe(false);
    rmSync(join(root, 'dist/src/extra.js'));
    put('dist/src/cli/main.js', '// bin, half written');
    expect(upToDate(root)).toBe(false);
  });

  it('counts dist/ without the stamp, and a damaged stamp is no stamp', () => {
    const before = outputsSummary(join(root, 'dist'));
    writeStamp(root);
    expect(outputsSummary(join(root, 'dist'))).toEqual(before);
    expect(before).toEqual({ files: 2, bytes: 'export const a = 1;\n'.length + '// bin\n'.length });
    const stamp = join(root, 'dist/.build-stamp.json');
    writeFileSync(stamp, readFileSync(stamp, 'utf8').slice(0, 10));
    expect(upToDate(root)).toBe(false);
  });
});
