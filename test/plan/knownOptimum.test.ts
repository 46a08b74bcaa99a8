import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport, InThreadEvaluator, preparePlan, search, WorkerEvaluator } from '../../src/plan/index.js';
import { parseScenario } from '../../src/scenario/index.js';

// test/plan/fixtures/known-optimum.yaml explains the hand derivation: 6 pods carry the load; a
// 4-vCPU node holds 3, an 8-vCPU node 7; so 2 × c6i.xlarge ($0.17/h) is the cheapest fleet.
const text = readFileSync(new URL('./fixtures/known-optimum.yaml', import.meta.url), 'utf8');
const loaded = parseScenario(text, 'known-optimum.yaml');
if (!loaded.ok) throw new Error('fixture');
const plan = preparePlan(text, 'known-optimum.yaml', loaded.scenario);

// EKS fee + 2 nodes × 730 h × $0.17 + one ALB-hour × 730 + 3 NAT gateways × 730 h × $0.045 + one
// Route 53 health check ($0.50 a month: the design's DNS ingress checks its one cluster).
// No bytes leave the cluster and no logs are written in this scenario, so nothing else is billed.
const HAND_USD = 73 + 2 * 730 * 0.17 + 730 * 0.0225 + 3 * 730 * 0.045 + 0.5;

describe('plan finds the optimum derived by hand', () => {
  it('grid and adaptive agree on it, at the hand-computed monthly cost', async () => {
    const grid = await search(plan.space, new InThreadEvaluator(plan.init), 'grid');
    const adaptive = await search(plan.space, new InThreadEvaluator(plan.init), 'adaptive');
    expect(plan.space.describe(plan.space.point(grid.optimum!))).toBe('nodes=2, type=c6i.xlarge, design=only');
    expect(adaptive.optimum).toBe(grid.optimum);
    const o = grid.stats.get(grid.optimum!)!;
    expect(o.monthlyUsd.mean).toBeCloseTo(HAND_USD, 6);
    expect(o.status).toBe('met');
    expect(adaptive.jobsRun).toBeLessThan(grid.jobsRun);
  });

  it('configurations with too few pods miss by what the queue predicts', async () => {
    const out = await search(plan.space, new InThreadEvaluator(plan.init), 'grid');
    const report = buildReport(plan.space, out, { scenario: 'known-optimum', catalogVersion: plan.cost.catalog.version, edgeSources: plan.edgeSources });
    const oneSmall = report.points.filter((p) => p.values.nodes === 1 && p.values.type !== 'm6i.2xlarge');
    expect(oneSmall).toHaveLength(2);
    for (const p of oneSmall) {
      // 3 pods × 0.95 × 10/s = 28.5 of 50 requests/s served while all is well; failures only lower it.
      expect(p.status).toBe('not met');
      expect(p.availability.mean!).toBeLessThanOrEqual(0.57 + 1e-9);
      expect(p.availability.mean!).toBeGreaterThan(0.55);
      expect(p.misses[0]).toMatch(/availability ≤ 5\d\.\d+% \(upper bound\) < 99\.000%/);
    }
    expect(report.optimum!.extraUsdVsOptimum).toBeNull();
    const twoM6i = report.points.find((p) => p.values.nodes === 2 && p.values.type === 'm6i.xlarge')!;
    expect(twoM6i.extraUsdVsOptimum).toBeCloseTo(2 * 730 * (0.192 - 0.17), 6);
    expect(report.points.filter((p) => p.onFrontier).map((p) => p.monthlyUsd.mean)).toEqual([...report.points.filter((p) => p.onFrontier).map((p) => p.monthlyUsd.mean)].sort((a, b) => a! - b!));
  });

  it('gives the same answer on two worker threads as in this thread', async () => {
    const inThread = await search(plan.space, new InThreadEvaluator(plan.init), 'adaptive');
    const pool = new WorkerEvaluator(plan.init, 2);
    try {
      const pooled = await search(plan.space, pool, 'adaptive');
      expect(pooled.optimum).toBe(inThread.optimum);
      expect([...pooled.stats.entries()]).toEqual([...inThread.stats.entries()]);
    } finally {
      await pool.close();
    }
  }, 30_000);
});
