import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finish } from '../../src/cli/commands/run.js';
import type { Results } from '../../src/run/results.js';
import { fullResults } from '../report/fixture.js';
import { formatDuration, LIMITS } from '../../src/scenario/index.js';
import { captured, cli, cliCommand, cliProcess } from './harness.js';

const SCENARIO = 'scenarios/default.yaml';
// Made when the tests run, not at import: a filtered run that skips them creates nothing.
const tmp = join(tmpdir(), `fleetsim-outputs-cli-${process.pid}-${Date.now()}`);
beforeAll(() => mkdirSync(tmp));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const QUICK = ['--workers', '0', '--replications', '1', '--horizon', '1d'];
/** Anything that makes a terminal act rather than print. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('--report-dir is checked before the simulation', () => {
  it('a file: exit 2 with the reason, nothing printed, nothing simulated', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli('run', SCENARIO, ...QUICK, '--report-dir', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`fleetsim: --report-dir ${file}: ${file} is a file, not a folder\n`);
    expect(r.stdout).toBe('');
  });

  // In a child process: the old recursive mkdir spun for ever under /proc, which no in-process
  // timeout can interrupt. The most replications of the longest horizon show the check comes first: had the
  // simulation started, the process would be killed at the timeout.
  it.each([
    ['under /proc', '/proc/fleetsim-report'],
    ['under a file', 'package.json/reports'],
  ])('%s: exit 2 at once, before the largest run there is', (_, dir) => {
    const r = cliProcess(['run', SCENARIO, '--workers', '0', '--replications', String(LIMITS.replications), '--horizon', formatDuration(LIMITS.horizonMaxS), '--report-dir', dir], 30_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^fleetsim: --report-dir ${dir.replace(/[./]/g, '\\$&')}: `));
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  }, 40_000);

  it('merge checks it too, before printing anything', async () => {
    const shard = await cli('run', SCENARIO, ...QUICK, '--shard', '0/1');
    const f = join(tmp, 'shard.json');
    writeFileSync(f, shard.stdout);
    const r = await cli('merge', f, '--report-dir', join(tmp, 'shard.json', 'reports'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report-dir .*shard\.json is a file, so nothing can go under it/);
    expect(r.stdout).toBe('');
  });
});

describe('a report that cannot be written after the simulation', () => {
  it('still prints the results, then one line saying why, and exits 1 (never "internal error")', async () => {
    // JSON cannot hold a BigInt: results.json fails while the table renders fine.
    const bad = { ...fullResults(), extra: 1n } as unknown as Results;
    const dir = join(tmp, 'late');
    mkdirSync(dir);
    const r = await captured(() => finish(bad, { output: 'table', report: true, reportDir: dir, gate: undefined }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^synthetic: 2 designs/);
    expect(r.stdout).toContain('Verdict: ');
    expect(r.stderr).toMatch(/^fleetsim: the results are above, but no report was written under .*late: .*BigInt.*\n$/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(dir)).toEqual([]); // and no half-written report
  });

  it('a failed write outranks a failed --gate: exit 1, both said', async () => {
    const bad = { ...fullResults(), extra: 1n } as unknown as Results;
    const r = await captured(() => finish(bad, { output: 'md', report: true, reportDir: join(tmp, 'late2'), gate: 'segmented' }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# synthetic: design comparison/);
    expect(r.stderr).toMatch(/no report was written/);
  });
});

describe.skipIf(!existsSync('/dev/full'))('stdout that cannot be written (a full disk)', () => {
  it('is one line on stderr and exit 1, not a stack trace', () => {
    const { command, args } = cliCommand();
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(command, [...args, 'run', SCENARIO, ...QUICK, '--no-report'], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('fleetsim: cannot write to stdout: ENOSPC\n');
    } finally {
      closeSync(full);
    }
  }, 70_000);
});

describe('scenario and command-line text cannot drive the terminal', () => {
  it('a hostile --seed is printed escaped in the table', async () => {
    const r = await cli('run', SCENARIO, ...QUICK, '--no-report', '--seed', '\u001b[2J\rOK');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stdout).toMatch(/seed \\x1b\[2J\\x0dOK\n/);
  });

  it('an error quoting a hostile file name is escaped', async () => {
    const r = await cli('run', 'nope\u001b]0;owned\u0007.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toContain('nope\\x1b]0;owned\\x07.yaml');
  });

  it('a hostile description in --output md is neither control characters nor HTML', async () => {
    const f = join(tmp, 'hostile.yaml');
    writeFileSync(f, readFileSync(SCENARIO, 'utf8').replace(/description: Two EKS.*\n/, 'description: "\\e[31m<script>alert(1)</script>\\rOK"\n'));
    const r = await cli('run', f, ...QUICK, '--no-report', '--output', 'md');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stdout).toContain('\\\\x1b\\[31m\\<script\\>alert(1)\\</script\\>\\\\x0dOK');
  });
});

describe('run: numeric flags are finite integers in range', () => {
  it.each([
    ['--replications', '1e21', /'--replications <n>' argument '1e21' is invalid\. expected an integer from 1 to 1000/],
    ['--replications', '', /expected an integer from 1 to 1000, got ""/],
    ['--max-replications', '1e21', /'--max-replications <n>' argument '1e21' is invalid/],
    ['--workers', '-1', /'--workers <n>' argument '-1' is invalid/],
    ['--workers', '0x10', /'--workers <n>' argument '0x10' is invalid/],
    ['--horizon', '1e20d', /--horizon: 1e20d is longer than fleetsim simulates \(at most 100y\)/],
  ])('%s %s: exit 2', async (flag, value, message) => {
    const r = await cli('run', SCENARIO, '--no-report', flag, value);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('--workers beyond twice the cores is clamped, with a note', async () => {
    const r = await cli('run', SCENARIO, '--no-report', '--replications', '1', '--horizon', '1d', '--workers', '1000', '--output', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^fleetsim: --workers 1000 is more than twice the \d+ cores; using \d+\n$/);
    expect(JSON.parse(r.stdout).run.replications).toBe(1);
  });
});

// Node's recursive mkdir retries for ever under /proc; folders given by the user are made one
// level at a time instead. In a child process, killed after 20 s: a hang fails, not stalls.
describe.skipIf(!existsSync('/proc/self'))('folders the user names under /proc: exit 2, never a hang', () => {
  it('kind config --dir', () => {
    const r = cliProcess(['kind', 'config', SCENARIO, '--dir', '/proc/fleetsim-test/kind'], 20_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^fleetsim: --dir .*cannot create \/proc\/fleetsim-test/);
    expect(r.ms).toBeLessThan(15_000);
  });
  it('plan --journal', () => {
    const r = cliProcess(['plan', 'test/plan/fixtures/known-optimum.yaml', '--workers', '0', '--journal', '/proc/fleetsim-test/j/plan.jsonl'], 20_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^fleetsim: --journal \/proc\/fleetsim-test\/j\/plan\.jsonl: cannot create its folder/);
    expect(r.ms).toBeLessThan(15_000);
  });
});
