import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareSamples, ksCriticalValue, ksStatistic, summarizeSample } from '../../src/live/compare.js';

describe('two-sample KS statistic', () => {
  it('is 0 for identical samples and 1 for disjoint ones', () => {
    expect(ksStatistic([1, 2, 3], [3, 2, 1])).toBe(0);
    expect(ksStatistic([1, 2, 3], [4, 5])).toBe(1);
  });
  it('matches a hand computation: F_a − F_b peaks at x = 2 with 2/3 − 0', () => {
    // a = {1, 2, 5}, b = {3, 4}: at x = 2, F_a = 2/3 and F_b = 0.
    expect(ksStatistic([1, 2, 5], [3, 4])).toBeCloseTo(2 / 3, 12);
  });
  it('handles ties across the samples (a step at a shared value counts once)', () => {
    expect(ksStatistic([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 12);
  });
  it('is symmetric and within [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), (a, b) => {
        const d = ksStatistic(a, b);
        return d >= 0 && d <= 1 && Math.abs(d - ksStatistic(b, a)) < 1e-12;
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('KS critical value', () => {
  it('uses the textbook constants c(0.05) = 1.358 and c(0.01) = 1.628', () => {
    // For n = m → ∞ the one-sample form √(n) D ≈ c(α); here n = m = 10⁶ makes √((n+m)/(nm)) = √(2e-6).
    expect(ksCriticalValue(1e6, 1e6, 0.05) / Math.sqrt(2e-6)).toBeCloseTo(1.358, 3);
    expect(ksCriticalValue(1e6, 1e6, 0.01) / Math.sqrt(2e-6)).toBeCloseTo(1.628, 3);
    expect(ksCriticalValue(10, 2000, 0.01)).toBeCloseTo(0.5161, 3);
  });
});

describe('compareSamples', () => {
  const tol = { alpha: 0.01, medianRelative: 0.25, absoluteMs: 50 };
  it('agrees when the real sample is drawn from the simulated distribution', () => {
    const sim = Array.from({ length: 2000 }, (_, i) => 500 + (500 * (i + 0.5)) / 2000);
    const real = [520, 560, 610, 640, 700, 730, 790, 830, 900, 960];
    expect(compareSamples(real, sim, tol).agree).toBe(true);
  });
  it('disagrees when the real outage is one election timeout longer', () => {
    const sim = Array.from({ length: 2000 }, (_, i) => 500 + (500 * (i + 0.5)) / 2000);
    const real = [1020, 1060, 1110, 1140, 1200, 1230, 1290, 1330, 1400, 1460];
    const c = compareSamples(real, sim, tol);
    expect(c.agree).toBe(false);
    expect(c.medianOk).toBe(false);
    expect(c.ks).toBe(1);
  });
  it('waives KS for near-zero outages within the absolute slack (minority kill)', () => {
    const c = compareSamples([4, 6, 9, 11, 7, 8, 10, 6, 9, 12], Array.from({ length: 2000 }, () => 5.3), tol);
    expect(c.ks).toBeGreaterThan(c.ksCritical);
    expect(c.agree).toBe(true);
  });
  it('summaries use interpolated quantiles', () => {
    expect(summarizeSample([4, 1, 3, 2])).toEqual({ count: 4, min: 1, median: 2.5, p90: 3.7, max: 4 });
  });
});
