import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { PlanReport } from '../../src/plan/index.js';

// `fleetsim plan` end to end through the CLI entry point, in this thread (--workers 0).
const FIXTURE = fileURLToPath(new URL('./fixtures/known-optimum.yaml', import.meta.url));
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
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/Cheapest configuration meeting the SLO: nodes=2 type=c6i\.xlarge only\n {2}\$436 per month/);
    expect(out).toMatch(/nodes=1 type=m6i\.xlarge only +4 +\$328 +−\$108 .* not met +availability ≤ 5\d\.\d{3}% \(upper bound\) < 99\.000%/);
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
    expect(err).toMatch(/bad\.yaml:44:13: plan\.knobs\[0\]\.path: the scenario has no clusters\[c1\]\.nodePools\[gpu\]: no item named "gpu"/);
  });

  it('exits 3 when nothing meets the SLO', async () => {
    const hard = join(dir, 'hard.yaml');
    writeFileSync(hard, readFileSync(FIXTURE, 'utf8').replace('range: { from: 1, to: 6 }', 'values: [1]').replace("values: [m6i.xlarge, c6i.xlarge, m6i.2xlarge]", 'values: [m6i.xlarge]'));
    expect(await main(['plan', hard, '--workers', '0', '--journal', join(dir, 'j.jsonl'), '--max-replications', '2'])).toBe(3);
    expect(out).toMatch(/No configuration meets the SLO at 95% confidence/);
  });
});
