import { parse as parseYaml } from 'yaml';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { shardPoints, type PlanPartial, type PlanReport } from '../../src/plan/index.js';

// `fleetsim plan --shard i/n` + `fleetsim merge` end to end through the CLI entry point, in this
// thread (--workers 0), on the hand-checked fixture: 18 points × 4 replications.
const FIXTURE = fileURLToPath(new URL('./fixtures/known-optimum.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-plan-shard-'));
const COMMON = ['--workers', '0', '--max-replications', '4'];

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  process.exitCode = undefined;
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** Runs one shard of `file` and returns the path of its partial. */
async function shard(file: string, i: number, n: number, ...extra: string[]): Promise<string> {
  const r = await cli('plan', file, '--search', 'grid', '--shard', `${i}/${n}`, ...COMMON, '--journal', join(dir, `journal-${Math.random()}.jsonl`), ...extra);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const path = join(dir, `shard-${i}-of-${n}-${Math.random()}.json`);
  writeFileSync(path, r.stdout);
  return path;
}

const edit = (path: string, f: (p: PlanPartial) => PlanPartial) => {
  const out = join(dir, `edited-${Math.random()}.json`);
  writeFileSync(out, JSON.stringify(f(JSON.parse(readFileSync(path, 'utf8')) as PlanPartial)));
  return out;
};

let single = '';
let shards: string[] = [];

beforeAll(async () => {
  const r = await cli('plan', FIXTURE, '--search', 'grid', ...COMMON, '--journal', join(dir, 'single.jsonl'), '--output', 'json');
  expect(r.code).toBe(0);
  single = r.stdout;
  shards = [await shard(FIXTURE, 0, 3), await shard(FIXTURE, 1, 3), await shard(FIXTURE, 2, 3)];
}, 30_000);

describe('plan shards', () => {
  it('slices partition the points: each exactly once, round robin', () => {
    for (const n of [1, 2, 3, 7, 25]) {
      const all = Array.from({ length: n }, (_, i) => shardPoints(18, { index: i, count: n })).flat().sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 18 }, (_, i) => i));
    }
    expect(shardPoints(18, { index: 1, count: 3 })).toEqual([1, 4, 7, 10, 13, 16]);
  });

  it('each shard evaluates only its own points, at the grid replications', () => {
    shards.forEach((path, i) => {
      const p = JSON.parse(readFileSync(path, 'utf8')) as PlanPartial;
      expect(p.schema).toBe('fleetsim/plan-partial');
      expect(p.shard).toEqual({ index: i, count: 3 });
      expect(p.points.map((x) => x.id)).toEqual(shardPoints(18, { index: i, count: 3 }));
      expect(p.points.every((x) => x.samples.length === 4)).toBe(true);
      expect(p.jobsRun).toBe(6 * 4);
    });
  });

  it('3 shards merged, in any order, print exactly the JSON of one grid run', async () => {
    const merged = await cli('merge', shards[2], shards[0], shards[1], '--output', 'json');
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(single);
    const report = JSON.parse(merged.stdout) as PlanReport;
    expect(report.optimum!.values).toEqual({ nodes: 2, type: 'c6i.xlarge' });
    expect(report.evaluatedPoints).toBe(18);
    expect(report.jobsRun).toBe(72);
  });

  it('the merged table is the single run\'s table', async () => {
    const one = await cli('plan', FIXTURE, '--search', 'grid', ...COMMON, '--journal', join(dir, 'single-table.jsonl'));
    const merged = await cli('merge', ...shards);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(one.stdout);
    expect(merged.stdout).toMatch(/Cheapest configuration meeting the SLO: nodes=2 type=c6i\.xlarge only/);
    const chart = join(dir, 'merged.svg');
    expect((await cli('merge', ...shards, '--chart', chart)).code).toBe(0);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg/);
    // yaml prints the object json prints (the CLI's -o convention); md is a run's format only.
    const asYaml = await cli('merge', ...shards, '--output', 'yaml');
    expect(asYaml.code).toBe(0);
    expect(parseYaml(asYaml.stdout)).toEqual(JSON.parse((await cli('merge', ...shards, '--output', 'json')).stdout));
    expect((await cli('merge', ...shards, '--output', 'md')).code).toBe(2);
    expect((await cli('merge', ...shards, '--gate')).stderr).toMatch(/--gate is for run shards/);
  });

  it('refuses a missing point, naming it and the shard not given', async () => {
    const r = await cli('merge', shards[0], shards[2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/6 points missing: 1 \(nodes=1 type=c6i\.xlarge only\), 4 \(nodes=2 type=c6i\.xlarge only\).* \(shards not given: 1\/3\)/);
    const short = edit(shards[1], (p) => ({ ...p, points: p.points.filter((x) => x.id !== 7) }));
    const r2 = await cli('merge', shards[0], short, shards[2]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/point missing: 7 \(nodes=3 type=c6i\.xlarge only\)/);
    expect(r2.stderr).not.toMatch(/shards not given/);
  });

  it('refuses a duplicate point and a shard given twice', async () => {
    const dup = edit(shards[1], (p) => ({ ...p, points: [...p.points, p.points[0]] }));
    const r = await cli('merge', shards[0], dup, shards[2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/point 1 \(nodes=1 type=c6i\.xlarge only\) appears more than once/);
    const twice = await cli('merge', shards[0], shards[1], shards[1], shards[2]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard 1\/3 given twice/);
  });

  it('refuses numbers that are not finite, not whole or beyond the limits, with their path (exit 2, issue 12)', async () => {
    const raw = (path: string, f: (text: string) => string) => {
      const out = join(dir, `raw-${Math.random()}.json`);
      writeFileSync(out, f(readFileSync(path, 'utf8')));
      return out;
    };
    const cases: [string, RegExp][] = [
      [edit(shards[0], (p) => ({ ...p, settings: { ...p.settings, maxReplications: 1e12 } })), /at settings\.maxReplications: .*\b1000\b/],
      [edit(shards[0], (p) => ({ ...p, settings: { ...p.settings, spacePoints: 2.5 } })), /at settings\.spacePoints: .*expected int/],
      [edit(shards[0], (p) => ({ ...p, shard: { index: 0, count: 1e12 } })), /at shard\.count/],
      [edit(shards[0], (p) => ({ ...p, points: p.points.map((x) => ({ ...x, samples: x.samples.map((s) => ({ ...s, availability: 7 })) })) })), /at points\.0\.samples\.0\.availability: .*ratio/],
      [raw(shards[0], (t) => t.replace(/"monthlyUsd":[0-9.e+-]+/, '"monthlyUsd":1e999')), /at points\.0\.samples\.0\.monthlyUsd: .*(Infinity|finite)/],
    ];
    for (const [file, message] of cases) {
      const r = await cli('merge', file, shards[1], shards[2]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not a fleetsim plan shard file/);
      expect(r.stderr).toMatch(message);
    }
  });

  it('refuses points short of replications and interrupted shards', async () => {
    const short = edit(shards[0], (p) => ({ ...p, points: p.points.map((x) => (x.id === 3 ? { ...x, samples: x.samples.slice(1) } : x)) }));
    expect((await cli('merge', short, shards[1], shards[2])).stderr).toMatch(/point 3 \(nodes=2 type=m6i\.xlarge only\) has 3 of 4 replications/);
    const stopped = edit(shards[0], (p) => ({ ...p, interrupted: true }));
    const r = await cli('merge', stopped, shards[1], shards[2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard 0\/3 was interrupted before it finished/);
  });

  it('refuses shards of a different scenario file or different settings', async () => {
    const other = join(dir, 'other-seed.yaml');
    writeFileSync(other, readFileSync(FIXTURE, 'utf8').replace('seed: 11', 'seed: 12'));
    const foreign = await shard(other, 1, 3);
    const r = await cli('merge', shards[0], foreign, shards[2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/come from a different scenario file/);
    const fewer = await shard(FIXTURE, 1, 3, '--max-replications', '3');
    const r2 = await cli('merge', shards[0], fewer, shards[2]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/different plan settings/);
    const split = await shard(FIXTURE, 1, 2);
    expect((await cli('merge', shards[0], split)).stderr).toMatch(/is from a split into 3/);
  }, 20_000);

  it('refuses to mix plan shards with run shards, in either order', async () => {
    const run = await cli('run', FIXTURE, '--shard', '0/2', '--replications', '2', '--workers', '0');
    expect(run.code).toBe(0);
    const runShard = join(dir, 'run-shard.json');
    writeFileSync(runShard, run.stdout);
    for (const files of [[shards[0], runShard], [runShard, shards[0]]]) {
      const r = await cli('merge', ...files);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is a plan shard \("fleetsim plan --shard"\) but .*run-shard\.json is a run shard \("fleetsim run --shard"\); merge the shards of one command at a time/);
    }
  });

  it('--shard with the adaptive search is exit 2, from the flag or the plan section', async () => {
    const flag = await cli('plan', FIXTURE, '--search', 'adaptive', '--shard', '0/3', ...COMMON, '--journal', join(dir, 'a.jsonl'));
    expect(flag.code).toBe(2);
    expect(flag.stdout).toBe('');
    expect(flag.stderr).toMatch(/--shard needs --search grid: the adaptive search picks each next point from other points' results/);
    const adaptive = join(dir, 'adaptive.yaml');
    writeFileSync(adaptive, readFileSync(FIXTURE, 'utf8').replace('  replications: { min: 4, max: 8 }', '  replications: { min: 4, max: 8 }\n  search: adaptive'));
    const section = await cli('plan', adaptive, '--shard', '0/3', ...COMMON, '--journal', join(dir, 'b.jsonl'));
    expect(section.code).toBe(2);
    expect(section.stderr).toMatch(/--shard needs the grid search, and the adaptive search was asked for/);
    // Overridden on the command line, the same file shards fine.
    expect((await cli('plan', adaptive, '--search', 'grid', '--shard', '0/3', ...COMMON, '--journal', join(dir, 'c.jsonl'))).code).toBe(0);
  });

  it('--shard refuses table output and a chart (they belong to the merge)', async () => {
    const table = await cli('plan', FIXTURE, '--shard', '0/3', '--output', 'table', ...COMMON);
    expect(table.code).toBe(2);
    expect(table.stderr).toMatch(/--shard prints a plan shard file: use --output json/);
    const chart = await cli('plan', FIXTURE, '--shard', '0/3', '--chart', join(dir, 'f.svg'), ...COMMON);
    expect(chart.code).toBe(2);
    expect(chart.stderr).toMatch(/pass it to "fleetsim merge"/);
    expect((await cli('plan', FIXTURE, '--shard', '3/3', ...COMMON)).stderr).toMatch(/the index must be below the count/);
  });
});
