import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES } from './fixtures/hostile/cases.js';
import type { CheckRun } from './fixtures/hostile/runChecks.js';

/**
 * Hostile input (issue 12): every case of the corpus is refused by `fleetsim check` with exit 2,
 * an error at the expected field with file:line:col, what was expected and a hint, no stack
 * trace, within 5 s of CPU each and 1 GiB for the whole batch. The checks run in one child process
 * (`runChecks.ts`), so its peak RSS is measured apart from vitest's and bounds every case's.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('./fixtures/hostile/runChecks.ts', import.meta.url));
const BASE = fileURLToPath(new URL('./fixtures/base.yaml', import.meta.url));
const MAX_MS = 5000;
const MAX_RSS_KIB = 1024 * 1024;

interface ChildResult {
  readonly runs: CheckRun[];
  readonly maxRssKiB: number;
}

function runChild(args: string[], dir: string): ChildResult {
  const out = join(dir, 'result.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUNNER, ...args, out], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`runner failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
}

interface JsonError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly hint?: string;
}

const STACK = /\n\s+at [^\n]*[:(]|internal error|Maximum call stack|RangeError|TypeError/;

describe('hostile scenarios', () => {
  let result: ChildResult;
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-hostile-'));

  beforeAll(() => {
    const jobs = HOSTILE_CASES.map((c, i) => {
      if (c.file !== undefined) return { name: c.name, file: c.file };
      const file = join(dir, `case-${i}.yaml`);
      writeFileSync(file, c.text!);
      return { name: c.name, file };
    });
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs));
    result = runChild(['cases', join(dir, 'jobs.json')], dir);
  }, 180_000);

  it('has at least 100 named cases', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
  });

  it('checks them all in under 1 GiB of memory', () => {
    expect(result.runs).toHaveLength(HOSTILE_CASES.length);
    expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB);
  });

  it.each(HOSTILE_CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = HOSTILE_CASES[i];
    const run = result.runs[i];
    expect(run.code, run.text).toBe(2);
    expect(run.ms).toBeLessThan(MAX_MS);
    expect(run.text).not.toMatch(STACK);
    expect(run.json).not.toMatch(STACK);
    const errors = (JSON.parse(run.json) as { ok: boolean; errors: JsonError[] }).errors;
    const hit = errors.find((e) => e.path === c.path && c.message.test(e.message));
    expect(hit, `no error at "${c.path}" matching ${c.message}; got:\n${run.text}`).toBeDefined();
    expect(hit!.line).toBeGreaterThanOrEqual(1);
    expect(hit!.col).toBeGreaterThanOrEqual(1);
    expect(hit!.expected ?? '').not.toBe('');
    expect(hit!.hint ?? '', run.text).not.toBe('');
    // The table output names the same place as file:line:col: path.
    expect(run.text).toContain(`${hit!.file}:${hit!.line}:${hit!.col}: ${c.path === '' ? '' : `${c.path}: `}`);
  });
});

describe('fuzzed scenarios (fast-check over mutated base.yaml)', () => {
  it('exit 0 or 2 only, never an internal error or a stack trace, within bounded time and memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-fuzz-'));
    const { runs, maxRssKiB } = runChild(['fuzz', BASE, '120', '20261130', dir], dir);
    expect(runs).toHaveLength(120);
    for (const run of runs) {
      expect([0, 2], `${run.name}: exit ${run.code}\n${run.text}`).toContain(run.code);
      expect(run.text, run.name).not.toMatch(STACK);
      expect(run.ms, run.name).toBeLessThan(MAX_MS);
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(runs.some((r) => r.code === 0)).toBe(true);
    expect(runs.some((r) => r.code === 2)).toBe(true);
    expect(maxRssKiB).toBeLessThan(MAX_RSS_KIB);
  }, 180_000);
});
