import { describe, expect, it } from 'vitest';
import { onePoolScenario, runTraffic, world } from './fixture.js';
import { mmcMetrics } from '../../../src/model/queueing/erlangC.js';

/**
 * One service, one pool, exponential service times: the fluid model's latency must match the M/M/c
 * response time T = W + S in closed form: P(T > t) = (1 − C)e^(−μt) + C·P(E_a + E_μ > t), with
 * a = cμ − λ and P(E_a + E_μ > t) = (a e^(−μt) − μ e^(−at)) / (a − μ). Users add a constant RTT.
 */
function exceedance(t: number, lambda: number, mu: number, c: number): number {
  const C = mmcMetrics({ arrivalRatePerS: lambda, serviceRatePerS: mu, servers: c }).pWait;
  const a = c * mu - lambda;
  // When a = μ the sum of the two exponentials is Erlang-2: P(> t) = (1 + μt)e^(−μt).
  const tail = Math.abs(a - mu) < 1e-9 ? (1 + mu * t) * Math.exp(-mu * t) : (a * Math.exp(-mu * t) - mu * Math.exp(-a * t)) / (a - mu);
  return (1 - C) * Math.exp(-mu * t) + C * tail;
}

function quantile(q: number, lambda: number, mu: number, c: number): number {
  let lo = 0;
  let hi = 100 / mu;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (1 - exceedance(mid, lambda, mu, c) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const scenario = (ratePerS: number) => onePoolScenario({ ratePerS, horizon: '2h' });

describe('a single pool against Erlang C', () => {
  // c = 5 pods × 2 = 10 servers, μ = 20/s: λ = 120/s (ρ = 0.6) and 180/s (ρ = 0.9).
  for (const lambda of [120, 180]) {
    it(`λ = ${lambda}/s on 10 servers: utilization, availability and p50/p95/p99 of the response time`, () => {
      const w = world(scenario(lambda));
      const t = runTraffic(w, 0, 0).traffic!;
      const rttS = 0.01; // users next to the region: the default access RTT
      expect(t.availability).toBe(1);
      expect(t.clusters[0].peakUtilization).toBeCloseTo(lambda / 200, 12);
      expect(t.requests).toBeCloseTo(lambda * 7200, 6);
      for (const [q, got] of [
        [0.5, t.latency.p50S],
        [0.95, t.latency.p95S],
        [0.99, t.latency.p99S],
      ] as const) {
        const exact = quantile(q, lambda, 20, 10);
        // Computed, not sampled since issue 18 (latencyDistribution.ts, whose own M/M/c test holds
        // 0.5%); this goes through the whole fluid model and the results' 1% histogram. Measured
        // 2026-12-01: +3.4% at ρ = 0.6's median (not yet explained), ≤ 0.9% elsewhere. Kept at 5% / 10%.
        expect(Math.abs(got - rttS - exact) / exact).toBeLessThan(q === 0.5 ? 0.05 : 0.1);
      }
    });
  }

  it('sheds above 95% utilization and counts the shed requests as failed', () => {
    const t = runTraffic(world(scenario(250)), 0, 0).traffic!; // offered 1.25 × capacity
    const admitted = 0.95 * 200;
    expect(t.availability).toBeCloseTo(admitted / 250, 9);
    expect(t.failedBy.shed).toBeCloseTo(t.failedRequests, 3);
  });

  it('a bounded queue (queueLength, 2 per pod: 10 slots) at 180/s: a whole run fails exactly the M/M/10/20 blocking share', () => {
    // p_K worked here from the birth–death chain: weights a^n/n! up to c, then × (a/c) per queued request.
    const a = 180 / 20;
    const w = [1];
    for (let n = 1; n <= 20; n++) w.push((w[n - 1] * a) / Math.min(n, 10));
    const pK = w[20] / w.reduce((x, y) => x + y, 0);
    const yaml = scenario(180).replace('traffic: { ingress: { dns: {} } }', 'traffic: { ingress: { dns: {} }, shedding: { policy: queueLength, maxQueuedPerPod: 2 } }');
    const t = runTraffic(world(yaml), 0, 0).traffic!;
    expect(t.availability).toBeCloseTo(1 - pK, 9);
    expect(t.failedBy.shed).toBeCloseTo(t.failedRequests, 6);
    expect(t.overload!.overloadedS).toBe(0);
  });
});
