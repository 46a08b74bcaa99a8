/**
 * fleetsim diff: two results files of one bundled scenario (different seeds and replications, a
 * short horizon); every Δ is recomputed here from the files themselves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jstatPkg from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Results } from '../../src/run/results.js';
import { parseFailOn, welchP, type ResultsDiff } from '../../src/cli/resultsDiff.js';
import { cli } from './harness.js';

const { jStat } = jstatPkg;
const tmp = mkdtempSync(join(tmpdir(), 'fleetsim-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function results(scenario: string, name: string, ...flags: string[]): Promise<{ path: string; r: Results }> {
  const out = await cli('run', join(import.meta.dirname, '..', '..', 'scenarios', `${scenario}.yaml`), '--horizon', '7d', '--no-report', '--output', 'json', '--workers', '0', ...flags);
  expect(out.code, out.stderr).toBe(0);
  const path = join(tmp, name);
  writeFileSync(path, out.stdout);
  return { path, r: JSON.parse(out.stdout) as Results };
}

/** Per-replication values of a design, plain replications only. */
const perRep = (r: Results, design: string, k: 'availability' | 'p99S') => r.replications.filter((x) => x.replication >= 0).map((x) => x.designs.find((d) => d.design === design)![k] as number);

/** Welch's t-test, written out: t, Welch–Satterthwaite degrees of freedom, two-sided p. */
function welch(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const variance = (v: number[]) => v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1);
  const a = variance(x) / x.length;
  const b = variance(y) / y.length;
  const t = (mean(y) - mean(x)) / Math.sqrt(a + b);
  const df = (a + b) ** 2 / (a ** 2 / (x.length - 1) + b ** 2 / (y.length - 1));
  return 2 * jStat.studentt.cdf(-Math.abs(t), df);
}

describe('fleetsim diff (retail-segmented: per-replication values, Welch)', () => {
  let A: { path: string; r: Results };
  let B: { path: string; r: Results };
  let diff: ResultsDiff & { failed: string[] };
  beforeAll(async () => {
    A = await results('retail-segmented', 'a.json', '--replications', '3', '--seed', '1');
    B = await results('retail-segmented', 'b.json', '--replications', '4', '--seed', '2');
    const out = await cli('diff', A.path, B.path, '-o', 'json');
    expect(out.code, out.stderr).toBe(0);
    diff = JSON.parse(out.stdout) as typeof diff;
  }, 300_000);

  it('Δ per design is B − A of each figure in the files', () => {
    expect(diff.designs.map((d) => d.design)).toEqual(A.r.designs.map((d) => d.name));
    for (const d of diff.designs) {
      const a = A.r.designs.find((x) => x.name === d.design)!;
      const b = B.r.designs.find((x) => x.name === d.design)!;
      expect(d.costMonthlyUsd.delta).toBeCloseTo(b.cost!.monthlyUsd.mean! - a.cost!.monthlyUsd.mean!, 9);
      expect(d.availability.delta).toBeCloseTo(b.availability.mean! - a.availability.mean!, 12);
      expect(d.downtimeMinutesPerMonth.delta).toBeCloseTo(b.downtimeMinutesPerMonth.mean! - a.downtimeMinutesPerMonth.mean!, 9);
      expect(d.p99S.delta).toBeCloseTo(b.latency!.overall.p99S.mean! - a.latency!.overall.p99S.mean!, 12);
      expect(d.p99SByUserRegion.map((x) => x.userRegion)).toEqual(a.latency!.byUserRegion.map((x) => x.name));
      for (const reg of d.p99SByUserRegion) {
        const pa = a.latency!.byUserRegion.find((x) => x.name === reg.userRegion)!.p99S;
        const pb = b.latency!.byUserRegion.find((x) => x.name === reg.userRegion)!.p99S;
        expect(reg.delta).toBeCloseTo(pb.mean! - pa.mean!, 12);
        expect(reg.a).toEqual(pa);
        expect(reg.b).toEqual(pb);
        // Per region the files hold intervals only: judged by overlap.
        expect(reg.test).toBe('ci-overlap');
        expect(reg.significant).toBe(!(pa.lower! <= pb.upper! && pb.lower! <= pa.upper!));
      }
    }
  });

  it('availability and p99 are judged by Welch on the per-replication values', () => {
    let tested = 0;
    for (const d of diff.designs) {
      for (const [k, m] of [['availability', d.availability], ['p99S', d.p99S]] as const) {
        const x = perRep(A.r, d.design, k);
        const y = perRep(B.r, d.design, k);
        if (new Set([...x, ...y]).size === 1) continue; // identical everywhere: nothing to test
        expect(m.test).toBe('welch');
        expect(m.pValue).toBeCloseTo(welch(x, y), 9);
        expect(m.significant).toBe(welch(x, y) < 0.05);
        tested++;
      }
    }
    expect(tested).toBeGreaterThan(0);
  });

  it('notes the seed and replication differences', () => {
    expect(diff.notes).toContain('seed: 1 → 2 (different random faults: differences include sampling noise, judged by the intervals)');
    expect(diff.notes).toContain('replications: 3 → 4');
    expect(diff.onlyInA).toEqual([]);
  });

  it('-o yaml is the same object; the table and the md comment show every design', async () => {
    const y = await cli('diff', A.path, B.path, '-o', 'yaml');
    expect(parse(y.stdout)).toEqual(diff);
    const t = await cli('diff', A.path, B.path);
    const md = await cli('diff', A.path, B.path, '-o', 'md');
    for (const d of diff.designs) {
      expect(t.stdout).toContain(d.design);
      expect(md.stdout).toMatch(new RegExp(`^\\| ${d.design} \\|`, 'm'));
    }
    expect(md.stdout).toMatch(/^#### fleetsim diff: /);
    expect(md.stdout).toMatch(/<details><summary>[^]*<\/details>\n$/);
    // The headline table (before <details>) is one row per design.
    const head = md.stdout.slice(0, md.stdout.indexOf('<details>'));
    expect(head.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Design')).length).toBe(diff.designs.length);
  });

  it('designs in one file only are listed', async () => {
    const b = JSON.parse(readFileSync(B.path, 'utf8')) as { designs: { name: string }[] };
    const dropped = b.designs.shift()!.name;
    const path = join(tmp, 'b-fewer.json');
    writeFileSync(path, JSON.stringify(b));
    const out = await cli('diff', A.path, path, '-o', 'json');
    const d = JSON.parse(out.stdout) as ResultsDiff;
    expect(d.onlyInA).toEqual([dropped]);
    expect(d.designs.map((x) => x.design)).not.toContain(dropped);
    expect((await cli('diff', A.path, path)).stdout).toContain(`only in A (removed): ${dropped}`);
  });

  it('--fail-on exits 3 when a design drops more than the limit, 0 when none does', async () => {
    // Order the files so the largest availability change is a drop (B − A < 0).
    const deltas = diff.designs.map((d) => d.availability.delta!);
    const [from, to, drop] = Math.min(...deltas) < 0 ? [A.path, B.path, -Math.min(...deltas)] : [B.path, A.path, Math.max(...deltas)];
    expect(drop).toBeGreaterThan(0);
    const pts = (x: number) => `availability:-${(x * 100).toFixed(10)}%`;
    const tripped = await cli('diff', from, to, '--fail-on', pts(drop / 2));
    expect(tripped.code).toBe(3);
    expect(tripped.stderr).toContain('beyond --fail-on');
    expect(tripped.stdout).toContain('availability'); // the comparison is still printed
    const within = await cli('diff', from, to, '--fail-on', pts(drop * 2), '--fail-on', 'cost:+1000000');
    expect(within.code).toBe(0);
    expect(within.stderr).toBe('');
  });
});

describe('fleetsim diff (default: availability stratified on rare outages, judged by the intervals)', () => {
  it('uses CI overlap for availability when the run stratified it', async () => {
    const A = await results('default', 'da.json', '--replications', '2', '--seed', '1');
    const B = await results('default', 'db.json', '--replications', '2', '--seed', '2');
    const d = JSON.parse((await cli('diff', A.path, B.path, '-o', 'json')).stdout) as ResultsDiff;
    expect(A.r.run.rareFaults?.stratified).toBe(true);
    for (const x of d.designs) {
      const a = A.r.designs.find((y) => y.name === x.design)!.availability;
      const b = B.r.designs.find((y) => y.name === x.design)!.availability;
      expect(x.availability.test).toBe('ci-overlap');
      expect(x.availability.significant).toBe(!(a.lower! <= b.upper! && b.lower! <= a.upper!));
    }
  }, 300_000);
});

describe('inputs diff refuses', () => {
  it('a file that is not a results file, with what is expected (exit 2)', async () => {
    const p = join(tmp, 'x.json');
    writeFileSync(p, JSON.stringify({ schema: 'fleetsim/results-partial' }));
    const r = await cli('diff', p, p);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a fleetsim results file (a shard: merge the shards first');
    const n = await cli('diff', join(tmp, 'none.json'), p);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('no such file');
  });

  it('a bad --fail-on, with the forms it takes', async () => {
    expect(() => parseFailOn('availability:-1')).toThrow('percentage points');
    expect(() => parseFailOn('speed:+1')).toThrow('availability, cost, p99 or downtime');
    expect(parseFailOn('p99:+20ms')).toMatchObject({ metric: 'p99', threshold: 0.02, relative: false });
    expect(parseFailOn('cost:+5%')).toMatchObject({ metric: 'cost', threshold: 0.05, relative: true });
    expect(parseFailOn('availability:-0.01%').threshold).toBeCloseTo(-0.0001, 12);
  });

  it('welchP matches a textbook case (t = 2.191, df = 6, p = 0.071)', () => {
    expect(welchP([1, 2, 3, 4], [3, 4, 5, 6])).toBeCloseTo(0.0710, 3);
    expect(welchP([1, 1], [1, 1])).toBeNull();
  });
});
