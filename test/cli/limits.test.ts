import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPLICATIONS as FILE_NUMBERS_MAX_REPLICATIONS } from '../../src/run/fileNumbers.js';
import { formatDuration, LIMITS } from '../../src/scenario/index.js';
import { cli } from './harness.js';

/**
 * One set of limits: the flags that override a scenario's run section (--replications, --horizon)
 * and the files fleetsim reads back (shards) are bounded by the scenario's LIMITS, so a flag can
 * ask for no more than a file can. Each refusal comes before any simulation: --report-dir (or
 * plan's --chart) is an existing file, so a flag wrongly accepted ends in a different message
 * rather than a long run.
 */
const SCENARIO = 'scenarios/default.yaml';
const tmp = join(tmpdir(), `fleetsim-limits-cli-${process.pid}-${Date.now()}`);
const A_FILE = join(tmp, 'a-file');
beforeAll(() => {
  mkdirSync(tmp);
  writeFileSync(A_FILE, 'x');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const over = String(LIMITS.replications + 1);
const tooLong = `${LIMITS.horizonMaxS / (365 * 86400) + 1}y`;

describe('flags share the scenario file\'s limits', () => {
  it.each([
    ['run --replications', ['run', SCENARIO, '--replications', over], new RegExp(`expected an integer from 1 to ${LIMITS.replications}, got "${over}"`)],
    ['run --max-replications', ['run', SCENARIO, '--target-ci', 'availability:0.01', '--max-replications', over], new RegExp(`expected an integer from 1 to ${LIMITS.replications}, got "${over}"`)],
    ['k8s-job --replications', ['k8s-job', SCENARIO, '--shards', '2', '--image', 'fleetsim', '--replications', over], new RegExp(`expected an integer from 1 to ${LIMITS.replications}, got "${over}"`)],
    ['tui --replications', ['tui', SCENARIO, '--replications', over], new RegExp(`expected an integer from 1 to ${LIMITS.replications}, got "${over}"`)],
    ['plan --max-replications', ['plan', 'test/plan/fixtures/known-optimum.yaml', '--max-replications', over], new RegExp(`--max-replications must be at most ${LIMITS.replications.toLocaleString('en-US')}, got`)],
    ['run --horizon past the longest', ['run', SCENARIO, '--horizon', tooLong], new RegExp(`--horizon: ${tooLong} is longer than fleetsim simulates \\(at most ${formatDuration(LIMITS.horizonMaxS)}\\)`)],
    ['plan --horizon past the longest', ['plan', 'test/plan/fixtures/known-optimum.yaml', '--horizon', tooLong], /--horizon: .* is longer than fleetsim simulates/],
    ['run --horizon measuring less than the shortest', ['run', SCENARIO, '--horizon', '30s'], new RegExp(`--horizon \\(30s\\) must be at least ${formatDuration(LIMITS.horizonMinS)} longer than the scenario's warm-up`)],
  ] as const)('%s: exit 2 with the bound, before anything runs', async (_, argv, message) => {
    // An existing file as the output folder (run) or chart (plan): refused right after the flags.
    const r = await cli(...argv, ...(argv[0] === 'plan' ? ['--chart', A_FILE] : ['--report-dir', A_FILE]));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('the bound itself is accepted (--replications at the limit is not refused by the flag)', async () => {
    const r = await cli('run', SCENARIO, '--replications', String(LIMITS.replications), '--report-dir', A_FILE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report-dir .* is a file, not a folder/);
  });
});

describe('files share them too', () => {
  it.each([String(LIMITS.replications + 1), String(2 ** 53 - 1)])('run.replications: %s in a scenario file is refused at file:line:col', async (n) => {
    const f = join(tmp, `replications-${n}.yaml`);
    writeFileSync(f, readFileSync(SCENARIO, 'utf8').replace('replications: 10', `replications: ${n}`));
    const r = await cli('check', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: run\\.replications: .*(at most|≤) ${LIMITS.replications}\\b`));
  });

  it('a shard file may hold no more replications than a run can have', async () => {
    expect(FILE_NUMBERS_MAX_REPLICATIONS).toBe(LIMITS.replications);
    const shard = await cli('run', SCENARIO, '--workers', '0', '--replications', '1', '--horizon', '1d', '--shard', '0/1');
    expect(shard.code, shard.stderr).toBe(0);
    const f = join(tmp, 'shard-big.json');
    writeFileSync(f, JSON.stringify({ ...JSON.parse(shard.stdout), replications: LIMITS.replications + 1 }));
    const r = await cli('merge', f, '--no-report');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`shard-big\\.json: .*at replications: .*${LIMITS.replications}\\b`));
  });
});
