import { describe, expect, it } from 'vitest';
import { LogHistogram, QUANTILE_RANK_SLACK } from '../../../src/engine/stats/logHistogram.js';
import { createStream } from '../../../src/engine/rng.js';
import { lognormalFromMedianP99 } from '../../../src/engine/distributions.js';

describe('LogHistogram', () => {
  it('returns quantiles within its documented relative error of the exact sample quantiles', () => {
    const rng = createStream(3, 0, 'h');
    const d = lognormalFromMedianP99(0.05, 2); // latencies in seconds, long tail
    const n = 100_000;
    const xs = Array.from({ length: n }, () => d.sample(rng));
    const h = new LogHistogram({ relativeError: 0.01 });
    xs.forEach((x) => h.add(x));
    const sorted = [...xs].sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.99, 0.999]) {
      const exact = sorted[Math.ceil(q * n) - 1];
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-9);
    }
    expect(h.quantile(0)).toBe(sorted[0]);
    expect(h.quantile(1)).toBe(sorted[n - 1]);
    expect(h.count).toBe(n);
  });

  it('treats a weight as that many copies', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    [[0.1, 3], [0.2, 1], [5, 0.5]].forEach(([x, w]) => a.add(x, w));
    for (let i = 0; i < 6; i++) b.add(0.1);
    b.add(0.2);
    b.add(0.2);
    b.add(5);
    for (const q of [0.2, 0.5, 0.7, 0.8, 0.95]) expect(a.quantile(q)).toBe(b.quantile(q));
  });

  it('counts zero exactly and keeps the CDF consistent with quantiles', () => {
    const h = new LogHistogram();
    for (let i = 0; i < 30; i++) h.add(0);
    for (let i = 1; i <= 70; i++) h.add(i);
    expect(h.quantile(0.2)).toBe(0);
    expect(h.cdf(0)).toBeCloseTo(0.3, 12);
    expect(h.cdf(35)).toBeGreaterThan(0.6);
    expect(h.cdf(35)).toBeLessThan(0.67);
  });

  it('merges exactly: the merge of parts equals the histogram of the whole', () => {
    const rng = createStream(4, 0, 'h');
    const whole = new LogHistogram();
    const p1 = new LogHistogram();
    const p2 = new LogHistogram();
    for (let i = 0; i < 5000; i++) {
      const x = rng.next() * 10;
      whole.add(x);
      (i % 3 === 0 ? p1 : p2).add(x);
    }
    const merged = LogHistogram.from(p1.toJSON()).merge(p2);
    expect(merged.toJSON()).toEqual(whole.toJSON());
    expect(() => merged.merge(new LogHistogram({ relativeError: 0.02 }))).toThrow(/different/);
  });

  it('is NaN when empty and rejects bad weights and values', () => {
    const h = new LogHistogram();
    expect(h.quantile(0.5)).toBeNaN();
    expect(() => h.add(1, -1)).toThrow(/weight/);
    expect(() => h.add(Number.NaN)).toThrow(/NaN/);
    expect(() => new LogHistogram({ relativeError: 0 })).toThrow(/relativeError/);
  });
});

describe('LogHistogram.quantile on a flat stretch of the CDF', () => {
  it('reports the first bucket that reaches the rank whatever the last bits of the weights: a median between two atoms is the lower one', () => {
    // Two equal atoms, 10 ms and 40 ms: the CDF is exactly 0.5 from 10 to 40 ms. Weights as a
    // year's sums leave them, one bit above or below their exact value.
    const medians = new Set<number>();
    for (const [a, b] of [[67_500, 67_500], [67_499.99999999997, 67_500], [67_500, 67_499.99999999997], [67_500.00000000003, 67_500]]) {
      const h = new LogHistogram();
      h.add(0.01, a);
      h.add(0.04, b);
      medians.add(h.quantile(0.5));
    }
    expect([...medians]).toHaveLength(1);
    expect([...medians][0]).toBeCloseTo(0.01, 3);
  });

  it('leaves every other quantile where it was: a rank short of a bucket by more than the slack moves on', () => {
    const h = new LogHistogram();
    h.add(0.01, 1);
    h.add(0.04, 1 + 1e-6);
    // The first atom holds a share 1e-6/2 short of one half: the median is the second.
    expect(h.quantile(0.5)).toBeCloseTo(0.04, 3);
    expect(QUANTILE_RANK_SLACK).toBeLessThan(1e-6 / 2);
  });
});

describe('LogHistogram.mean', () => {
  it('is the weighted mean within the relative error, and NaN when empty', () => {
    const h = new LogHistogram();
    expect(h.mean()).toBeNaN();
    h.add(1, 3);
    h.add(10, 1);
    expect(Math.abs(h.mean() - 3.25) / 3.25).toBeLessThan(0.01);
  });
});
