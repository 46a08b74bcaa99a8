import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { runScenario } from '../../src/run/runner.js';
import { resultsJson } from '../../src/report/write.js';

// The lead's flip, ahead of time: the breakdown on everywhere the constant is read.
vi.mock('../../src/model/traffic/latencyBreakdown.js', async (original) => ({ ...(await original<typeof import('../../src/model/traffic/latencyBreakdown.js')>()), LATENCY_BREAKDOWN_IN_RESULTS: true }));

describe('results with the latency breakdown on', () => {
  it('are the golden results plus designs[].latencyBreakdown, whose hops add up to about the mean latency', async () => {
    const text = readFileSync('scenarios/default.yaml', 'utf8');
    const out = await runScenario({ text, fileName: 'scenarios/default.yaml', overrides: { replications: 3 }, workers: 0 });
    const results = aggregate({ info: out.ctx.info, summaries: out.summaries, stopping: out.stopping, createdAt: '2000-01-01T00:00:00.000Z' });
    const parsed = JSON.parse(resultsJson(results));
    for (const d of parsed.designs) {
      const b = d.latencyBreakdown;
      expect(b.mean.length).toBeGreaterThan(0);
      const meanMs = b.mean.reduce((a: number, h: Record<string, { mean: number }>) => a + h.networkMs.mean + h.queueingMs.mean + h.serviceMs.mean + h.retriesMs.mean, 0);
      const p99Ms = b.p99.reduce((a: number, h: Record<string, { mean: number }>) => a + h.networkMs.mean + h.queueingMs.mean + h.serviceMs.mean + h.retriesMs.mean, 0);
      // The histogram's p99 is bucketed (1%) and averaged per replication; the band p98.5–p99.5 straddles it.
      expect(p99Ms / 1000 / d.latency.overall.p99S.mean).toBeGreaterThan(0.85);
      expect(p99Ms / 1000 / d.latency.overall.p99S.mean).toBeLessThan(1.15);
      expect(p99Ms).toBeGreaterThan(meanMs);
      delete d.latencyBreakdown;
    }
    expect(JSON.stringify(parsed, null, 2) + '\n').toBe(readFileSync('test/golden/results/default.json', 'utf8'));
  });
});
