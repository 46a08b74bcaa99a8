import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COST_CATEGORIES } from '../../src/cost/index.js';
import { parsePlan, search, Space, type Evaluator, type Job, type JobResult } from '../../src/plan/index.js';

/**
 * A synthetic world, so the search logic is tested on a space too large to simulate: knob x
 * (1…20, monotone) meets the target from x ≥ need(y, design) on, y multiplies the price, the
 * design adds a fixed cost. Availability per replication has seeded noise. The true optimum is
 * known in closed form.
 */
const Y = [1, 2, 3, 4, 5];
const need = (y: number, design: string) => (design === 'a' ? 22 - 4 * y : 18 - 3 * y);
const price = (y: number) => 10 * (1 + 0.45 * y);
const designCost = (d: string) => (d === 'a' ? 0 : 7);
const TARGET = 0.999;

class Synthetic implements Evaluator {
  readonly workers = 0;
  aborted = false;
  jobs = 0;
  constructor(private readonly abortAfter = Infinity) {}
  async run(jobs: readonly Job[], onResult?: (i: number, r: JobResult) => void) {
    const out: (JobResult | undefined)[] = jobs.map(() => undefined);
    for (let i = 0; i < jobs.length && !this.aborted; i++) {
      const { a } = parse(jobs[i].text) as { a: { x: number; y: number } };
      const rng = seedrandom(`${jobs[i].configKey}/${jobs[i].design}/${jobs[i].replication}`);
      const meets = a.x >= need(a.y, jobs[i].design);
      const availability = Math.min(1, (meets ? 0.9998 : 0.995) + (rng() - 0.5) * 0.0006);
      const monthlyUsd = a.x * price(a.y) + designCost(jobs[i].design);
      out[i] = { sample: { availability, latencyS: [], monthlyUsd, byCategory: Object.fromEntries(COST_CATEGORIES.map((k) => [k, k === 'nodes' ? monthlyUsd : 0])) as never, perMillionRequestsUsd: null, idleUnallocatedUsd: 0 } };
      this.jobs++;
      onResult?.(i, out[i]!);
      if (this.jobs >= this.abortAfter) this.aborted = true;
    }
    return out;
  }
  abort() {
    this.aborted = true;
  }
  async close() {}
}

function space(): Space {
  const doc = { a: { x: 0, y: 0 } };
  const r = parsePlan(
    {
      knobs: [
        { name: 'x', path: 'a.x', range: { from: 1, to: 20 }, monotone: true },
        { name: 'y', path: 'a.y', values: Y },
      ],
      replications: { min: 4, max: 16 },
    },
    doc,
    { designs: ['a', 'b'], slo: { availabilityRatio: TARGET, latency: [] } },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return new Space(doc, r.spec);
}

function trueOptimum(s: Space): string {
  let best = { cost: Infinity, label: '' };
  for (const d of ['a', 'b'])
    for (const y of Y) {
      const x = Math.max(1, need(y, d));
      if (x > 20) continue;
      const cost = x * price(y) + designCost(d);
      if (cost < best.cost) best = { cost, label: `x=${x}, y=${y}, design=${d}` };
    }
  expect(s.pointCount).toBe(200);
  return best.label;
}

describe('search on a 200-point synthetic space', () => {
  it('grid and adaptive both find the closed-form optimum; adaptive with far fewer replications', async () => {
    const s = space();
    const expected = trueOptimum(s);
    const g = new Synthetic();
    const grid = await search(s, g, 'grid');
    const a = new Synthetic();
    const adaptive = await search(s, a, 'adaptive');
    expect(s.describe(s.point(grid.optimum!))).toBe(expected);
    expect(adaptive.optimum).toBe(grid.optimum);
    expect(g.jobs).toBe(200 * 16);
    expect(a.jobs).toBeLessThan(g.jobs / 4);
    // The adaptive winner is confirmed at the maximum replications, like the grid's.
    expect(adaptive.stats.get(adaptive.optimum!)!.n).toBe(16);
    expect(adaptive.stats.get(adaptive.optimum!)!.availability).toEqual(grid.stats.get(grid.optimum!)!.availability);
  });

  it('an interrupted search keeps what finished, and a resumed one reuses it and ends the same', async () => {
    const s = space();
    const journal = new Map<string, JobResult>();
    const first = await search(s, new Synthetic(150), 'adaptive', { onResult: (k, r) => journal.set(k, r) });
    expect(first.interrupted).toBe(true);
    expect(journal.size).toBe(150);
    expect(first.stats.size).toBeGreaterThan(0);
    const resumedEval = new Synthetic();
    const resumed = await search(s, resumedEval, 'adaptive', { known: journal });
    const clean = await search(s, new Synthetic(), 'adaptive');
    expect(resumed.interrupted).toBe(false);
    expect(resumed.jobsReused).toBe(150);
    expect(resumed.optimum).toBe(clean.optimum);
    expect(resumedEval.jobs + 150).toBe(clean.jobsRun);
  });

  it('reports no optimum when nothing meets the target', async () => {
    const s = space();
    const hard = { ...s.spec, slo: { availabilityRatio: 0.99999, latency: [] } };
    const out = await search(new Space({ a: { x: 0, y: 0 } }, hard), new Synthetic(), 'adaptive');
    expect(out.optimum).toBeNull();
  });
});

describe('a point measured on too few requests (issue 12)', () => {
  it('is never met: the rule of three says the target cannot be shown', async () => {
    const { pointStats } = await import('../../src/plan/index.js');
    const sample = (requests: number) => ({ availability: 1, latencyS: [], monthlyUsd: 1, byCategory: Object.fromEntries(COST_CATEGORIES.map((k) => [k, 0])) as never, perMillionRequestsUsd: null, idleUnallocatedUsd: 0, requests });
    const slo = { availabilityRatio: 0.999, latency: [] };
    const few = pointStats([sample(10), sample(10), sample(10)], null, slo);
    expect(few.status).toBe('uncertain');
    expect(few.misses).toEqual(['30 requests measured: too few to show 99.900% at 95% confidence (at least 3000); lengthen the horizon']);
    expect(pointStats([sample(1000), sample(1000), sample(1000)], null, slo).status).toBe('met');
  });
});
