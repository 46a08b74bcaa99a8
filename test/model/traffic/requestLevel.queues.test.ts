import { describe, expect, it } from 'vitest';
import { FleetNetwork } from '../../../src/model/traffic/network.js';
import { onePool, runRequests, world } from './requestLevel/harness.js';
import { erlangB, erlangC, mmcSojournTail, mmckBlocking, quantileOfTail } from './requestLevel/queueFormulas.js';

/**
 * The request level's pools against exact queue formulas: one pool of c = pods × concurrency
 * servers, Poisson users, exponential service, nothing else on the path. Latency is measured from
 * the user's send, so the user's round trip (a constant) is taken off. Tolerances: about four
 * standard errors of the simulated figure at these sample sizes (10 simulated minutes, ~60,000 to
 * 120,000 requests).
 */
function userRttS(w: ReturnType<typeof world>): number {
  return new FleetNetwork(w.fleet, w.scenario).userRttMs(0, 0) / 1000;
}

describe('request level: M/M/c with an unbounded queue (shedding none)', () => {
  // c = 4, μ = 1/30 ms, λ = 100/s: a = 3, ρ = 0.75, Erlang C ≈ 0.509, mean wait C/(cμ − λ) ≈ 15 ms.
  const c = 4;
  const mu = 1 / 0.03;
  const lambda = 100;
  const w = world(onePool({ ratePerS: lambda, pods: 2, concurrency: 2, serviceTime: '{ exponential: { mean: 30ms } }', traffic: 'shedding: { policy: none }' }));
  const { requests } = runRequests(w);
  const rtt = userRttS(w);

  it('mean response time 1/μ + C(c, a)/(cμ − λ) within 3%', () => {
    const exact = 1 / mu + erlangC(c, lambda / mu) / (c * mu - lambda);
    expect(Math.abs(requests.latency.mean() - rtt - exact) / exact).toBeLessThan(0.03);
  });

  it('p50 and p99 of the response time within 5% of the M/M/c sojourn distribution', () => {
    for (const q of [0.5, 0.99]) {
      const exact = quantileOfTail((t) => mmcSojournTail(c, lambda, mu, t), q, 2);
      expect(Math.abs(requests.latency.quantile(q) - rtt - exact) / exact).toBeLessThan(0.05);
    }
  });

  it('nothing is refused and every request succeeds', () => {
    expect(requests.availability).toBe(1);
    expect(requests.attempts.shed).toBe(0);
  });
});

describe('request level: queueLength shedding is an M/M/c/K queue', () => {
  it('near saturation (a = c = 4, K = 4 + 2 × 1): shed share = p_K within ±0.01, failures all `shed`', () => {
    const w = world(onePool({ ratePerS: 200, pods: 2, concurrency: 2, serviceTime: '{ exponential: { mean: 20ms } }', traffic: 'shedding: { policy: queueLength, maxQueuedPerPod: 1 }' }));
    const { requests } = runRequests(w);
    const exact = mmckBlocking(4, 6, 4);
    expect(exact).toBeGreaterThan(0.1); // the bound matters
    expect(Math.abs(requests.failedRequests / requests.requests - exact)).toBeLessThan(0.01);
    expect(requests.failedBy.shed).toBe(requests.failedRequests);
  });

  it('maxQueuedPerPod 0 is the Erlang loss system: blocking B(c, a) within ±0.01', () => {
    // c = 8, a = 6: B ≈ 0.122.
    const w = world(onePool({ ratePerS: 300, pods: 2, concurrency: 4, serviceTime: '{ exponential: { mean: 20ms } }', traffic: 'shedding: { policy: queueLength, maxQueuedPerPod: 0 }' }));
    const { requests } = runRequests(w);
    const exact = erlangB(8, 6);
    expect(Math.abs(requests.failedRequests / requests.requests - exact)).toBeLessThan(0.01);
  });
});

describe('request level: utilization shedding admits maxUtilization × capacity', () => {
  it('at 150% of capacity the admitted rate is 0.9 × capacity: shed share 1 − 0.9/1.5 = 0.4 within ±0.01', () => {
    // capacity 4 servers / 20 ms = 200/s; offered 300/s.
    const w = world(onePool({ ratePerS: 300, pods: 2, concurrency: 2, serviceTime: '{ exponential: { mean: 20ms } }', traffic: 'shedding: { policy: utilization, maxUtilization: 90% }' }));
    const { requests } = runRequests(w);
    expect(Math.abs(requests.failedRequests / requests.requests - 0.4)).toBeLessThan(0.01);
  });

  it('at 70% of capacity it refuses (almost) nothing, as the fluid rule: shed share < 0.1%', () => {
    // A rule on the instantaneous busy share (busy ≥ 0.9 c) would refuse P(all 8 busy) = Erlang C(8, 5.6) ≈ 0.27 here.
    const w = world(onePool({ ratePerS: 280, pods: 2, concurrency: 4, serviceTime: '{ exponential: { mean: 20ms } }', traffic: 'shedding: { policy: utilization, maxUtilization: 90% }' }));
    const { requests } = runRequests(w);
    expect(requests.failedRequests / requests.requests).toBeLessThan(0.001);
  });
});
