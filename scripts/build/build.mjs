#!/usr/bin/env node
/**
 * `npm run build`: tsc (tsconfig.build.json) into dist/, then the CLI's bundle (bundle.mjs). The bundle
 * is made even when tsc reports type errors: tsc still emits, and the bin must not fall back to the
 * slow unbundled start for a type error elsewhere. The exit code is tsc's, else the bundler's.
 *
 * Nothing is built when dist/ is already the build of these sources (stamp.mjs): `npm start` and
 * `npm run bench` build first, and `npm install` has just built. `--force` (or FLEETSIM_BUILD_FORCE=1)
 * builds anyway.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './stamp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const force = process.argv.includes('--force') || process.env.FLEETSIM_BUILD_FORCE === '1';

const { status, skipped } = buildIfStale(
  root,
  () => {
    const typed = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
    const bundled = spawnSync(process.execPath, [join(here, 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
    return typed.status !== 0 ? (typed.status ?? 1) : (bundled.status ?? 1);
  },
  { force },
);
if (skipped) process.stderr.write('build: dist/ is up to date with the sources (npm run build -- --force rebuilds)\n');
process.exitCode = status;
