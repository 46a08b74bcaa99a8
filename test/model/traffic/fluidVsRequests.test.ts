import { describe, expect, it } from 'vitest';
import { chainScenario, runTraffic, world } from './fixture.js';

/**
 * The fluid model against the request-level simulation of the same scenario: same fleet, same
 * faults, same routing; the request level has real FIFO queues, sampled service times and
 * sequential calls. A node dies 20 minutes in (dead endpoints until NotReady, then reduced capacity
 * until replaced), so availability is not trivially 1. Tolerances from the issue: availability
 * within 0.1 percentage point, p50 and p99 within 10%.
 */
describe('fluid model vs request-level simulation', () => {
  const w = world(chainScenario({ ratePerS: 250, faults: '  scripted:\n    - { at: 20m, kind: node, target: c1/pool/0, for: 1h }' }));
  for (const rep of [0, 1]) {
    it(`replication ${rep}: availability, p50 and p99 agree`, () => {
      const fluid = runTraffic(w, 0, rep, 'fluid').traffic!;
      const requests = runTraffic(w, 0, rep, 'requests').traffic!;
      expect(fluid.availability).toBeLessThan(0.999); // the fault matters
      expect(Math.abs(fluid.availability - requests.availability)).toBeLessThan(0.001);
      expect(Math.abs(fluid.latency.p50S - requests.latency.p50S) / requests.latency.p50S).toBeLessThan(0.1);
      expect(Math.abs(fluid.latency.p99S - requests.latency.p99S) / requests.latency.p99S).toBeLessThan(0.1);
      // Same demand: request counts agree within Poisson noise (4 standard deviations).
      expect(Math.abs(fluid.requests - requests.requests)).toBeLessThan(4 * Math.sqrt(fluid.requests));
    });
  }

  it('agrees under heavy load too (web pools near 80% busy), where queueing dominates the tail', () => {
    const heavy = world(chainScenario({ ratePerS: 900, webConcurrency: 4, horizon: '30m' }));
    const fluid = runTraffic(heavy, 0, 0, 'fluid').traffic!;
    const requests = runTraffic(heavy, 0, 0, 'requests').traffic!;
    expect(fluid.clusters[0].peakUtilization).toBeGreaterThan(0.7);
    expect(Math.abs(fluid.latency.p50S - requests.latency.p50S) / requests.latency.p50S).toBeLessThan(0.1);
    expect(Math.abs(fluid.latency.p99S - requests.latency.p99S) / requests.latency.p99S).toBeLessThan(0.1);
    expect(fluid.availability).toBe(1);
    expect(requests.availability).toBe(1);
  });
});
