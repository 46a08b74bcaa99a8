import { describe, expect, it } from 'vitest';
import { bothModes, expectAgreement, fixture } from './requestLevel/agreement.js';

/** The fluid model against the request level for what users do: anycast spill-over and their own retries (semantics §9, clientRetries). */
describe('fluid vs request level: anycast spill-over (Europe fills its cluster, spills to the Americas, then Asia)', () => {
  const { fluid, requests } = bothModes(fixture('requests-spillover'), 0);
  it('availability, p50 and p99 agree overall and per user region', () => {
    expectAgreement(fluid, requests);
    // Spilled users pay the farther RTT: Europe's p99 is the 200 ms to Asia in both modes.
    expect(fluid.byUserRegion[0].latency.p99S).toBeGreaterThan(0.2);
    fluid.byUserRegion.forEach((f, i) => {
      const r = requests.byUserRegion[i];
      expect(Math.abs(f.latency.p50S - r.latency.quantile(0.5)) / r.latency.quantile(0.5)).toBeLessThan(0.1);
      expect(Math.abs(f.latency.p99S - r.latency.quantile(0.99)) / r.latency.quantile(0.99)).toBeLessThan(0.1);
    });
  });
});

describe("fluid vs request level: users' retries of shed requests into an overloaded cluster (DNS and anycast)", () => {
  const w = fixture('requests-client-retries');
  for (const design of [0, 1]) {
    it(`${w.scenario.designs[design].name}: availability (goodput = capacity, ~½), p50 and p99 agree`, () => {
      const { fluid, requests } = bothModes(w, design);
      expect(fluid.availability).toBeLessThan(0.6);
      expectAgreement(fluid, requests);
    });
  }

  it('DNS retries across a half-cut answer: availability within 0.1 pp and p50 within 10% (p99: see the note)', () => {
    // The fluid model adds retries' backoff as its mean; the request level draws it uniform in
    // [0, min(max, base(2^n − 1))], which spreads the retried requests' tail (p99 ~13% apart here).
    const { fluid, requests } = bothModes(fixture('clientretries-partition'), 1);
    expect(fluid.failedBy.unroutable).toBeGreaterThan(0);
    expectAgreement(fluid, requests, { p99: false });
  });

  it("users' per-try timeout (50 ms, 20 ms away, 20 ms service): both within 0.1 pp of 1 − e^{−4.5} and of each other; p50, p99 within 10%", () => {
    const { fluid, requests } = bothModes(fixture('requests-client-timeouts'), 0);
    const exact = 1 - Math.exp(-1.5) ** 3;
    expect(Math.abs(requests.availability - exact) * 100).toBeLessThan(0.1);
    expect(Math.abs(fluid.availability - exact) * 100).toBeLessThan(0.1);
    expectAgreement(fluid, requests);
    expect(requests.failedBy.timeout).toBe(requests.failedRequests);
  });
});
