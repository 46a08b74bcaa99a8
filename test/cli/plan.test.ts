import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { printPlan } from '../../src/cli/commands/plan.js';
import { main } from '../../src/cli/main.js';
import type { PlanReport } from '../../src/plan/index.js';

// `fleetsim plan` end to end through the CLI entry point, in this thread (--workers 0).
const FIXTURE = fileURLToPath(new URL('../plan/fixtures/known-optimum.yaml', import.meta.url));
let out = '';
let err = '';
let dir = '';

beforeEach(() => {
  out = '';
  err = '';
  dir = mkdtempSync(join(tmpdir(), 'fleetsim-plan-'));
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('fleetsim plan', () => {
  it('prints the optimum, the candidates with how they miss, and the frontier; writes the chart', async () => {
    const chart = join(dir, 'frontier.svg');
    const code = await main(['plan', FIXTURE, '--workers', '0', '--journal', join(dir, 'j.jsonl'), '--max-replications', '4', '--chart', chart]);
    // Only the throughput line, on stderr (it varies from run to run, so stdout and the files stay reproducible).
    expect(err).toMatch(/^fleetsim plan: [\d.]+ points\/s \([\d.]+ s in one thread\)\n$/);
    expect(code).toBe(0);
    expect(out).toMatch(/Cheapest configuration meeting the SLO: nodes=2 type=c6i\.xlarge only\n {2}\$437 per month/);
    expect(out).toMatch(/nodes=1 type=m6i\.xlarge only +4 +\$329 +−\$108 .* not met +availability ≤ 5\d\.\d{3}% \(upper bound\) < 99\.000%/);
    expect(out).toMatch(/@ optimum, \* frontier/);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg/);
  });

  it('resumes from its journal: a second run simulates nothing and prints the same JSON', async () => {
    const journal = join(dir, 'j.jsonl');
    const args = ['plan', FIXTURE, '--workers', '0', '--journal', journal, '--max-replications', '4', '--search', 'adaptive', '--output', 'json'];
    expect(await main(args)).toBe(0);
    const first = JSON.parse(out) as PlanReport;
    out = '';
    expect(await main(args)).toBe(0);
    const second = JSON.parse(out) as PlanReport;
    expect(second.jobsRun).toBe(0);
    expect(second.jobsReused).toBe(first.jobsRun);
    expect(second.points).toEqual(first.points);
    expect(first.optimum!.values).toEqual({ nodes: 2, type: 'c6i.xlarge' });
  });

  it('a bad plan section is exit code 2 with file:line:col', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(FIXTURE, 'utf8').replace('path: clusters[c1].nodePools[pool].count', 'path: clusters[c1].nodePools[gpu].count'));
    expect(await main(['plan', bad, '--workers', '0', '--journal', join(dir, 'j.jsonl')])).toBe(2);
    expect(err).toMatch(/bad\.yaml:45:13: plan\.knobs\[0\]\.path: the scenario has no clusters\[c1\]\.nodePools\[gpu\]: no item named "gpu"/);
  });

  it('exits 3 when nothing meets the SLO', async () => {
    const hard = join(dir, 'hard.yaml');
    writeFileSync(hard, readFileSync(FIXTURE, 'utf8').replace('range: { from: 1, to: 6 }', 'values: [1]').replace("values: [m6i.xlarge, c6i.xlarge, m6i.2xlarge]", 'values: [m6i.xlarge]'));
    expect(await main(['plan', hard, '--workers', '0', '--journal', join(dir, 'j.jsonl'), '--max-replications', '2'])).toBe(3);
    expect(out).toMatch(/No configuration meets the SLO at 95% confidence/);
  });

  it('a journal that cannot be read ends the process with exit 2, worker threads and all (issue 12)', () => {
    // In a child process: the bug was a process that never exits, which only a real exit shows.
    const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'plan', FIXTURE, '--workers', '2', '--journal', dir, '--max-replications', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--journal .*: cannot be read or written \(EISDIR/);
  }, 70_000);

  it('a --chart in a missing folder is refused before anything is simulated (exit 2)', async () => {
    const journal = join(dir, 'j.jsonl');
    expect(await main(['plan', FIXTURE, '--workers', '0', '--journal', journal, '--max-replications', '2', '--chart', join(dir, 'nowhere', 'f.svg')])).toBe(2);
    expect(err).toMatch(/--chart .*f\.svg: the folder .*nowhere does not exist/);
    expect(out).toBe('');
    expect(existsSync(journal)).toBe(false);
  });

  it('a chart that cannot be written after the plan ran: the plan is still printed, the exit code is 1', async () => {
    expect(await main(['plan', FIXTURE, '--workers', '0', '--journal', join(dir, 'j.jsonl'), '--max-replications', '2', '--output', 'json'])).toBe(0);
    const report = JSON.parse(out) as PlanReport;
    out = '';
    // As if the folder went away during a long plan, after the up-front check.
    await printPlan(report, { output: 'table', rows: 5, journalPath: 'j', chart: join(dir, 'gone', 'f.svg'), force: false });
    expect(out).toMatch(/Cheapest configuration meeting the SLO: nodes=2 type=c6i\.xlarge only/);
    expect(err).toMatch(/^fleetsim plan: [\d.]+ points\/s [^\n]*\nfleetsim: the plan is printed above, but its chart was not written: .*f\.svg: the folder .*gone does not exist\n$/);
    expect(process.exitCode).toBe(1);
  });

  it('an existing chart is replaced only with --force, atomically', async () => {
    const chart = join(dir, 'f.json');
    writeFileSync(chart, 'mine');
    const args = ['plan', FIXTURE, '--workers', '0', '--journal', join(dir, 'j.jsonl'), '--max-replications', '2', '--output', 'json', '--chart', chart];
    expect(await main(args)).toBe(2);
    expect(err).toMatch(/f\.json exists: add --force/);
    expect(readFileSync(chart, 'utf8')).toBe('mine');
    expect(await main([...args, '--force'])).toBe(0);
    expect(JSON.parse(readFileSync(chart, 'utf8'))).toHaveProperty('$schema');
  });

  it('numeric flags beyond their bounds are exit 2 with the bound', async () => {
    const j = join(dir, 'j.jsonl');
    for (const [flag, value, message] of [
      ['--max-replications', '1000000000000', /--max-replications must be at most 1,000,/],
      ['--workers', '100000', /--workers must be at most 256/],
      ['--rows', '1000000000', /--rows must be at most 1,000,000/],
      ['--horizon', '100000d', /--horizon: 100000d is longer than fleetsim simulates \(at most 100y\)/],
      ['--horizon', '1m', /--horizon \(1m\) must be at least 1m longer than the scenario's warm-up/],
    ] as const) {
      err = '';
      expect(await main(['plan', FIXTURE, '--journal', j, flag, value]), `${flag} ${value}`).toBe(2);
      expect(err).toMatch(message);
    }
    expect(existsSync(j)).toBe(false);
  });
});
