import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { runScenario } from '../../src/run/runner.js';
import { resultsJson } from '../../src/report/write.js';

describe('results with the latency breakdown asked for (run.latencyBreakdown: true)', () => {
  it('are the golden results plus designs[].latencyBreakdown, whose hops add up to about the mean latency', async () => {
    const text = readFileSync('scenarios/default.yaml', 'utf8').replace(/^run:\n/m, 'run:\n  latencyBreakdown: true\n');
    expect(text).toContain('latencyBreakdown: true');
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
    // The text differs by the one line that asks for the breakdown, so its digest does too.
    const golden = JSON.parse(readFileSync('test/golden/results/default.json', 'utf8'));
    expect(parsed.scenario.sha256).not.toBe(golden.scenario.sha256);
    parsed.scenario.sha256 = golden.scenario.sha256;
    expect(JSON.stringify(parsed, null, 2) + '\n').toBe(JSON.stringify(golden, null, 2) + '\n');
  });
});
