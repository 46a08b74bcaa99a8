import { describe, expect, it } from 'vitest';
import { independentAmplification, independentSuccess, lognormalCdf, perTryLatencyQuantileMs, poolCapacityPerS, redispatchAmplification, redispatchSuccess, stormPersists, timeoutShare } from '../../../src/live/proxy/closedForms.js';

/**
 * The closed forms against an exact enumeration of the process they describe, written here
 * independently: every attempt picks a backend uniformly; after a failure, HAProxy's redispatch
 * picks uniformly among the backends other than the one that just failed (or, for independent
 * attempts, among all). Enumerating the (last server, attempt) tree gives exact probabilities.
 */
function enumerate(backends: number, dead: number, attempts: number, avoidLast: boolean): { success: number; attemptsPerRequest: number } {
  let success = 0;
  let expectedAttempts = 0;
  const walk = (last: number | undefined, attempt: number, p: number) => {
    const choices = Array.from({ length: backends }, (_, i) => i).filter((i) => !avoidLast || i !== last);
    for (const s of choices) {
      const ps = p / choices.length;
      expectedAttempts += ps;
      if (s >= dead) success += ps; // servers 0..dead-1 are the dead ones
      else if (attempt < attempts) walk(s, attempt + 1, ps);
    }
  };
  walk(undefined, 1, 1);
  return { success, attemptsPerRequest: expectedAttempts };
}

describe('retry closed forms', () => {
  for (const [n, d] of [
    [4, 1],
    [4, 2],
    [5, 3],
    [3, 1],
  ] as const) {
    for (const k of [1, 2, 3, 4]) {
      it(`${d} of ${n} dead, ${k} attempts: formulas equal the enumeration`, () => {
        const ind = enumerate(n, d, k, false);
        const red = enumerate(n, d, k, true);
        expect(independentSuccess(d / n, k)).toBeCloseTo(ind.success, 12);
        expect(independentAmplification(d / n, k)).toBeCloseTo(ind.attemptsPerRequest, 12);
        expect(redispatchSuccess(d, n, k)).toBeCloseTo(red.success, 12);
        expect(redispatchAmplification(d, n, k)).toBeCloseTo(red.attemptsPerRequest, 12);
      });
    }
  }

  it('one dead backend and one retry: redispatch always succeeds, independent attempts do not', () => {
    expect(redispatchSuccess(1, 4, 2)).toBe(1);
    expect(independentSuccess(0.25, 2)).toBeCloseTo(1 - 1 / 16, 12);
    // Same load on the pool for one retry either way: 1 + q.
    expect(redispatchAmplification(1, 4, 2)).toBeCloseTo(1.25, 12);
    expect(independentAmplification(0.25, 2)).toBeCloseTo(1.25, 12);
  });

  it("Little's law at saturation: N·c/S", () => {
    expect(poolCapacityPerS(4, 4, 100)).toBe(160);
    expect(poolCapacityPerS(2, 8, 10)).toBe(1600);
  });
});

describe('closed forms for the per-try timeout and the retry storm', () => {
  it('τ = P(S > T) for a lognormal of median 20 ms and p99 200 ms at T = 100 ms is 1 − Φ(1.6258) = 0.0520 (normal table)', () => {
    expect(timeoutShare(20, 200, 100)).toBeCloseTo(0.052, 3);
    // The p99 of the service time itself: 1% above it, by construction.
    expect(timeoutShare(20, 200, 200)).toBeCloseTo(0.01, 9);
    expect(timeoutShare(20, 200, 20)).toBeCloseTo(0.5, 9);
  });

  it('latency of the successes: one attempt, capped under T; three attempts, the p99 is T + a service time drawn under T', () => {
    const tau = timeoutShare(20, 200, 100);
    // One attempt: the successes are S | S ≤ T, so the median solves F(x) = 0.5·(1 − τ).
    const p50 = perTryLatencyQuantileMs(20, 200, 100, 1, 0.5);
    expect(Math.abs(lognormalCdf(p50, 20, 200) - 0.5 * (1 - tau))).toBeLessThan(1e-6);
    expect(perTryLatencyQuantileMs(20, 200, 100, 1, 0.99)).toBeLessThan(100);
    // Three attempts: a share τ(1 − τ)/(1 − τ³) ≈ 4.9% of the successes took a second try, so the p99
    // lies in (T, 2T): it solves (1 − w₁ − w₂)·1 + w₁·F(x − T)/(1 − τ) = 0.99 with w ∝ τ^j.
    const p99 = perTryLatencyQuantileMs(20, 200, 100, 3, 0.99);
    expect(p99).toBeGreaterThan(100);
    expect(p99).toBeLessThan(200);
    const w = [1, tau, tau * tau].map((x) => x / (1 + tau + tau * tau));
    expect(w[0] + w[1] * (lognormalCdf(p99 - 100, 20, 200) / (1 - tau)) + w[2] * 0).toBeCloseTo(0.99, 5);
  });

  it('the storm persists when λ·k exceeds the capacity: 192/s × 3 > 320/s, 192/s × 1 does not', () => {
    expect(stormPersists(192, 3, 320)).toBe(true);
    expect(stormPersists(192, 1, 320)).toBe(false);
    expect(stormPersists(160, 2, 320)).toBe(false);
  });
});
