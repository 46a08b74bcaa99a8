import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { edgeWarnings, type KnobEdgeSource, type PlanReport } from '../../src/plan/index.js';
import type { PointStatus } from '../../src/plan/stats.js';
import { captured, cli } from '../cli/harness.js';
import { printPlan } from '../../src/cli/commands/plan.js';

// The hand-checked fixture (known-optimum.yaml: 2 × c6i.xlarge is the cheapest fleet meeting the
// SLO; 1 node misses it, 3 cost more) with the instance type fixed and the node range rewritten, so
// the optimum (nodes=2) is inside the range, or on its upper or its lower edge.
const FIXTURE = readFileSync(new URL('./fixtures/known-optimum.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-plan-edges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RANGE_LINE = FIXTURE.split('\n').findIndex((l) => l.includes('range: { from: 1, to: 6 }')) + 1;
const RANGE_COL = FIXTURE.split('\n')[RANGE_LINE - 1].indexOf('{') + 1;

function variant(name: string, range: string): string {
  const text = FIXTURE.replace('range: { from: 1, to: 6 }', `range: ${range}`).replace('values: [m6i.xlarge, c6i.xlarge, m6i.2xlarge]', 'values: [c6i.xlarge]');
  expect(text).toContain(`range: ${range}`);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

const COMMON = ['--workers', '0', '--max-replications', '4', '--search', 'grid', '--fresh'];
const plan = (file: string, ...extra: string[]) => cli('plan', file, ...COMMON, '--journal', join(dir, `j-${Math.random()}.jsonl`), ...extra);

describe('plan warns when the optimum sits on the edge of a range', () => {
  it('no warning when the optimum is inside the range (nodes 1 to 3: 2 is the optimum)', async () => {
    const r = await plan(variant('interior', '{ from: 1, to: 3 }'), '--output', 'json', '--strict');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as PlanReport;
    expect(report.optimum!.values.nodes).toBe(2);
    expect(report.warnings).toEqual([]);
    expect(r.stderr).not.toMatch(/warning/);
  }, 30_000);

  it('a range cut short above the optimum: warned at the range\'s file:line:col, with the path and a hint to widen it', async () => {
    const file = variant('upper', '{ from: 1, to: 2 }');
    const r = await plan(file, '--output', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as PlanReport;
    expect(report.optimum!.values.nodes).toBe(2);
    expect(report.warnings).toHaveLength(1);
    const w = report.warnings[0];
    expect(w).toMatchObject({ severity: 'warning', kind: 'optimumOnRangeEdge', file, line: RANGE_LINE, col: RANGE_COL, path: 'plan.knobs[0].range', knob: 'nodes', edge: 'upper', value: 2 });
    expect(w.message).toMatch(/sits on the upper edge of nodes \(1 to 2\) and nodes=1 misses the SLO/);
    expect(w.hint).toBe('widen plan.knobs[0].range (nodes) beyond 2: to: 3 or further');

    // The table prints it as check prints warnings; --strict prints the plan, then exits 2.
    const table = await plan(file, '--strict');
    expect(table.code).toBe(2);
    expect(table.stdout).toContain(`${file}:${RANGE_LINE}:${RANGE_COL}: warning: plan.knobs[0].range: the optimum (nodes=2 type=c6i.xlarge only) sits on the upper edge`);
    expect(table.stdout).toContain('Cheapest configuration meeting the SLO: nodes=2 type=c6i.xlarge only');
    expect(table.stderr).toMatch(/1 warning, errors with --strict\n$/);
    // The Markdown answer (printPlan's md; -o md is not offered on the command line yet).
    const md = await captured(() => printPlan(report, { output: 'md', rows: 20, journalPath: 'j', force: false }));
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`- \`${file}:${RANGE_LINE}:${RANGE_COL}\` plan.knobs\\[0\\].range: the optimum`);
    expect(md.stdout).toMatch(/Hint: widen plan.knobs\\\[0\\\].range \(nodes\) beyond 2: to: 3 or further\./);
  }, 60_000);

  it('a range cut short below the optimum, where the objective still falls towards the edge: warned with "from"', async () => {
    const r = await plan(variant('lower', '{ from: 2, to: 3 }'), '--output', 'json');
    const report = JSON.parse(r.stdout) as PlanReport;
    expect(report.optimum!.values.nodes).toBe(2);
    expect(report.warnings.map((w) => [w.edge, w.value, w.hint])).toEqual([['lower', 2, 'widen plan.knobs[0].range (nodes) below 2: from: 1 or further']]);
    expect(report.warnings[0].message).toMatch(/nodes=3 costs \$\d+ a month more/);
  }, 30_000);

  it('merged plan shards carry the same warnings as the single grid run, byte for byte', async () => {
    const file = variant('upper-shards', '{ from: 1, to: 2 }');
    const single = await plan(file, '--output', 'json');
    const paths: string[] = [];
    for (const i of [0, 1]) {
      const s = await plan(file, '--shard', `${i}/2`);
      expect(s.code).toBe(0);
      paths.push(join(dir, `shard-${i}.json`));
      writeFileSync(paths[i], s.stdout);
    }
    const merged = await cli('merge', ...paths, '--output', 'json');
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout).warnings).toHaveLength(1);
    expect(merged.stdout).toBe(single.stdout);
  }, 60_000);
});

describe('edgeWarnings: when an edge is worth a warning', () => {
  const source: KnobEdgeSource = { file: 'f.yaml', line: 3, col: 14, path: 'plan.knobs[0].range', field: 'range', step: 2 };
  const knobs = [{ name: 'n', values: [2, 4, 6] }];
  const stats = (entries: [number, PointStatus, number][]) => new Map(entries.map(([id, status, usd]) => [id, { status, monthlyUsd: { mean: usd } as never }]));
  const warn = (optimum: number, s: ReturnType<typeof stats>, sources: (KnobEdgeSource | null)[] = [source]) => edgeWarnings({ knobs, designs: ['d'], stats: s, optimum, sources });

  it('a neighbour inside that meets the SLO for no more money (a flat objective) is no reason to warn', () => {
    expect(warn(2, stats([[1, 'met', 100], [2, 'met', 100]]))).toEqual([]);
    // Within the 0.5% the search counts as a tie.
    expect(warn(2, stats([[1, 'met', 100.4], [2, 'met', 100]]))).toEqual([]);
  });

  it('a neighbour that costs more, misses, is uncertain or was never evaluated is', () => {
    expect(warn(2, stats([[1, 'met', 120], [2, 'met', 100]]))[0].message).toMatch(/n=4 costs \$20 a month more/);
    expect(warn(2, stats([[1, 'uncertain', 90], [2, 'met', 100]]))[0].message).toMatch(/n=4 is not shown to meet the SLO/);
    expect(warn(2, stats([[2, 'met', 100]]))[0].message).toMatch(/n=4 was not evaluated/);
    expect(warn(0, stats([[0, 'met', 100], [1, 'not met', 150]]))[0]).toMatchObject({ edge: 'lower', value: 2, hint: 'widen plan.knobs[0].range (n) below 2: from: 0 or further' });
  });

  it('knobs without a source (names, a single value) and an interior optimum give none', () => {
    expect(warn(2, stats([[2, 'met', 100]]), [null])).toEqual([]);
    expect(warn(1, stats([[0, 'not met', 90], [1, 'met', 100], [2, 'met', 110]]))).toEqual([]);
  });

  it('a values list names values to add, stepping as the list does', () => {
    const values: KnobEdgeSource = { ...source, path: 'plan.knobs[0].values', field: 'values', step: null };
    expect(warn(2, stats([[2, 'met', 100]]), [values])[0].hint).toBe('add values above 6 (e.g. 8) to plan.knobs[0].values (n)');
  });

  it('finds the neighbour of the same design among several knobs', () => {
    // Two knobs (a: 3 values, b: 2 values) × designs x, y; the optimum a=2 b=1 y is id (2*2+1)*2+1 = 11.
    const two = { knobs: [{ name: 'a', values: [0, 1, 2] }, { name: 'b', values: [0, 1] }], designs: ['x', 'y'], sources: [null, { ...source, path: 'plan.knobs[1].range', step: 1 }] };
    // Its neighbour along b is a=2 b=0 y: config 4, id 9; the x-design point next to it (id 8) must not count.
    const ws = edgeWarnings({ ...two, optimum: 11, stats: stats([[11, 'met', 100], [9, 'met', 100], [8, 'not met', 50]]) });
    expect(ws).toEqual([]);
    const miss = edgeWarnings({ ...two, optimum: 11, stats: stats([[11, 'met', 100], [9, 'not met', 90], [8, 'met', 100]]) });
    expect(miss.map((w) => [w.knob, w.edge, w.message])).toEqual([['b', 'upper', expect.stringMatching(/^the optimum \(a=2 b=1 y\) .* b=0 misses the SLO/)]]);
  });
});
