import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `f` with stdout and stderr captured; the exit code is what `f` returns, else process.exitCode. */
async function capturing(f: () => Promise<number | void> | number | void): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const returned = await f();
    const code = typeof returned === 'number' ? returned : typeof process.exitCode === 'number' ? process.exitCode : 0;
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** Run the CLI in this process and capture what it prints. */
export function cli(...argv: string[]): Promise<CliRun> {
  return capturing(() => main(argv));
}

/** Capture what `f` prints and the exit code it sets (for faces called directly, e.g. finish). */
export function captured(f: () => Promise<void> | void): Promise<CliRun> {
  return capturing(f);
}

const GOLDEN = join(import.meta.dirname, 'golden');

/** Compare with test/cli/golden/NAME; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
export function expectGolden(name: string, actual: string): void {
  expectGoldenFile(join(GOLDEN, name), actual);
}

/**
 * Compare `actual` with the golden file at `path`, as text (the last digit of a float counts);
 * UPDATE_GOLDEN=1 rewrites it, and a missing one is written and fails once.
 */
export function expectGoldenFile(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (!process.env.UPDATE_GOLDEN) throw new Error(`golden file ${path} did not exist: written, check it and rerun`);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const ROOT = join(import.meta.dirname, '..', '..');
const BUILT = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Newest modification time under `dir` (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * How to start the CLI as its own process: the built dist/src/cli/main.js (`npm run build --silent`)
 * when it is newer than every source file, else the sources through tsx (slower to start, never stale).
 */
export function cliCommand(): { command: string; args: string[] } {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newest(join(ROOT, 'src'))) return { command: process.execPath, args: [BUILT] };
  return { command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')] };
}

/**
 * Run the CLI in a child process, killed after `timeoutMs`: for what could hang the test process
 * itself (a synchronous loop cannot be interrupted in-process). code is null when it was killed.
 */
export function cliProcess(argv: readonly string[], timeoutMs: number): { code: number | null; stdout: string; stderr: string; ms: number } {
  const { command, args } = cliCommand();
  const t0 = Date.now();
  const r = spawnSync(command, [...args, ...argv], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0 };
}
