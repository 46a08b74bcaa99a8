import { describe, expect, it } from 'vitest';
import { meanConfidence, pairedDifference, tCritical } from '../../../src/engine/stats/confidence.js';
import { createStream } from '../../../src/engine/rng.js';
import { normal } from '../../../src/engine/distributions.js';

describe('confidence intervals', () => {
  it('uses Student-t critical values from the published table', () => {
    // Two-sided 95%: dof 1 → 12.706, 9 → 2.262, 29 → 2.045, 120 → 1.980.
    expect(tCritical(1)).toBeCloseTo(12.706, 3);
    expect(tCritical(9)).toBeCloseTo(2.262, 3);
    expect(tCritical(29)).toBeCloseTo(2.045, 3);
    expect(tCritical(120)).toBeCloseTo(1.98, 3);
  });

  it('computes the interval by hand for a small sample', () => {
    // mean 5, sample sd sqrt(2.5), n 5: half-width = 2.776 * sqrt(2.5/5)
    const ci = meanConfidence([3, 4, 5, 6, 7]);
    expect(ci.mean).toBe(5);
    expect(ci.halfWidth).toBeCloseTo(2.7764451 * Math.sqrt(0.5), 6);
    expect(ci.lower).toBeCloseTo(5 - ci.halfWidth, 12);
  });

  it('covers the true mean about 95% of the time (4000 intervals of 10 normal samples)', () => {
    const rng = createStream(11, 0, 'coverage');
    const d = normal(3, 2);
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: 10 }, () => d.sample(rng));
      const ci = meanConfidence(xs);
      if (ci.lower <= 3 && 3 <= ci.upper) covered++;
    }
    // Binomial standard error at 95%: sqrt(.95*.05/4000) = 0.0034; allow 4 SE.
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.014);
  });

  it('pairs replications: common noise cancels, so the paired interval is much narrower', () => {
    const rng = createStream(12, 0, 'paired');
    const shared = normal(0, 5);
    const own = normal(0, 0.1);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 20; i++) {
      const common = shared.sample(rng);
      a.push(10 + common + own.sample(rng));
      b.push(9 + common + own.sample(rng));
    }
    const paired = pairedDifference(a, b);
    const unpairedWidth = meanConfidence(a).halfWidth + meanConfidence(b).halfWidth;
    expect(paired.lower).toBeLessThan(1);
    expect(paired.upper).toBeGreaterThan(1);
    expect(paired.halfWidth).toBeLessThan(unpairedWidth / 10);
    expect(() => pairedDifference([1], [1, 2])).toThrow(/length/);
  });

  it('returns NaN width for fewer than two values', () => {
    expect(meanConfidence([4]).halfWidth).toBeNaN();
    expect(meanConfidence([]).mean).toBeNaN();
  });
});
