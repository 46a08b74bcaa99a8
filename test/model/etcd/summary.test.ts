import { describe, expect, it } from 'vitest';
import { histogram, quantileSorted, summarize } from '../../../src/model/etcd/summary.js';

describe('distribution summary', () => {
  it('quantiles interpolate between order statistics (type 7, as R and NumPy)', () => {
    // NumPy: np.percentile([1,2,3,4,10], [50, 90, 99]) = [3, 7.6, 9.76]
    const s = summarize([10, 2, 4, 1, 3]);
    expect(s).toMatchObject({ count: 5, min: 1, max: 10, median: 3, mean: 4 });
    expect(s.p90).toBeCloseTo(7.6, 12);
    expect(s.p99).toBeCloseTo(9.76, 12);
    expect(quantileSorted(new Float64Array([5]), 0.3)).toBe(5);
  });

  it('histogram bins cover min..max and count every value once', () => {
    const values = [0, 0.1, 0.2, 0.5, 0.9, 1];
    const bins = histogram(values, 2);
    expect(bins.map((b) => b.count)).toEqual([3, 3]);
    expect(bins[0].fromS).toBe(0);
    expect(bins[1].toS).toBe(1);
    expect(histogram([2, 2, 2], 5)).toEqual([{ fromS: 2, toS: 2, count: 3 }]);
  });
});
