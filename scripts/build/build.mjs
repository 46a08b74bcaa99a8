#!/usr/bin/env node
/**
 * `npm run build`: tsc (tsconfig.build.json) into dist/, then the CLI's bundle (bundle.mjs). The bundle
 * is made even when tsc reports type errors: tsc still emits, and the bin must not fall back to the
 * slow unbundled start for a type error elsewhere. The exit code is tsc's, else the bundler's.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const typed = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
const bundled = spawnSync(process.execPath, [join(here, 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
process.exitCode = typed.status !== 0 ? (typed.status ?? 1) : (bundled.status ?? 1);
