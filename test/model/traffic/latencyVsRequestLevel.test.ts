import { describe, expect, it } from 'vitest';
import { chainScenario, runTraffic, world } from './fixture.js';

/**
 * The latency Monte Carlo with attempts against the request-level mode on one scenario: retries of
 * per-try timeouts with backoff at every hop, and a parallel fan-out. Tolerances from the issue:
 * availability within 0.1 percentage point, p50 and p99 within 10%.
 */
const retried = (retries: string, parallel: boolean) => {
  let yaml = chainScenario({ ratePerS: 400, horizon: '10m' }).replace('traffic: { ingress: { dns: {} } }', `traffic: { ingress: { dns: {} }, retries: ${retries} }`);
  if (parallel) yaml = yaml.replace('calls: [ { service: db, callsPerRequest: 0.5 } ]', 'calls: [ { service: db, callsPerRequest: 2, mode: parallel } ]');
  return world(yaml);
};

describe('latency with attempts: fluid vs request level', () => {
  for (const [name, retries, parallel] of [
    ['per-try timeouts retried with backoff', '{ attempts: 3, retryOn: [timeout], perTryTimeout: 60ms, backoff: { base: 10ms, max: 40ms } }', false],
    ['a parallel fan-out under an overall timeout', '{ attempts: 2, retryOn: [timeout], perTryTimeout: 80ms, timeout: 150ms }', true],
  ] as const) {
    it(name, () => {
      const w = retried(retries, parallel);
      const fluid = runTraffic(w, 0, 0, 'fluid').traffic!;
      const requests = runTraffic(w, 0, 0, 'requests').traffic!;
      expect(fluid.failedBy.timeout).toBeGreaterThan(0); // the timeouts bind
      expect(Math.abs(fluid.latency.p50S - requests.latency.p50S) / requests.latency.p50S).toBeLessThan(0.1);
      expect(Math.abs(fluid.latency.p99S - requests.latency.p99S) / requests.latency.p99S).toBeLessThan(0.1);
    });
  }
});
