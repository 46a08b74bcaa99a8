import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../src/engine/stats/logHistogram.js';
import { affine, histogramQuantile, interval, mergeHistograms, pairedInterval, quantileSorted, spread } from '../../src/run/intervals.js';

describe('intervals over replications', () => {
  it('matches the Student-t interval by hand (t(0.975, 4) = 2.776445 from tables)', () => {
    const i = interval([1, 2, 3, 4, 5]);
    const hw = (2.776445 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(i.n).toBe(5);
    expect(i.mean).toBe(3);
    expect(i.halfWidth).toBeCloseTo(hw, 5);
    expect(i.lower).toBeCloseTo(3 - hw, 5);
    expect(i.upper).toBeCloseTo(3 + hw, 5);
  });

  it('has no width with one value and nothing with none (null, never NaN)', () => {
    expect(interval([0.5])).toEqual({ n: 1, mean: 0.5, halfWidth: null, lower: null, upper: null });
    expect(interval([])).toEqual({ n: 0, mean: null, halfWidth: null, lower: null, upper: null });
  });

  it('pairs by replication and drops pairs with a missing side', () => {
    const i = pairedInterval([1, 2, null, 4], [0.5, 1.5, 7, 3.5]);
    expect(i.n).toBe(3);
    expect(i.mean).toBeCloseTo(0.5, 12);
    expect(i.halfWidth).toBeCloseTo(0, 12);
  });

  it('maps an interval through a decreasing function with lower and upper swapped', () => {
    const i = affine(interval([0.9, 0.95, 1]), 100, -100);
    expect(i.mean).toBeCloseTo(5, 10);
    expect(i.lower!).toBeLessThan(i.upper!);
    expect(i.upper! - i.mean!).toBeCloseTo(i.halfWidth!, 10);
  });

  it('quantiles interpolate linearly (type 7), as R and numpy do', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileSorted(xs, 0.5)).toBe(5.5);
    expect(quantileSorted(xs, 0.9)).toBeCloseTo(9.1, 12);
    const s = spread([3, 1, 2]);
    expect(s).toMatchObject({ count: 3, medianS: 2, maxS: 3 });
    expect(s.p90S).toBeCloseTo(2.8, 12);
    expect(spread([])).toEqual({ count: 0, medianS: null, p90S: null, maxS: null });
  });

  it('merged histograms give the quantile of all the values together', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    const all = new LogHistogram();
    for (let i = 1; i <= 1000; i++) {
      (i % 3 === 0 ? a : b).add(i / 1000);
      all.add(i / 1000);
    }
    const merged = mergeHistograms([a.toJSON(), null, b.toJSON()])!;
    expect(merged.quantile(0.99)).toBe(all.quantile(0.99));
    // 1% relative accuracy of the histogram against the exact 0.99 quantile (0.99 s).
    expect(Math.abs(histogramQuantile(merged.toJSON(), 0.99)! - 0.99) / 0.99).toBeLessThan(0.01);
    expect(mergeHistograms([null])).toBeNull();
  });
});
