import { describe, expect, it } from 'vitest';
import { exponential } from '../../../src/engine/distributions.js';
import { CommitMixture } from '../../../src/model/state/commitMixture.js';

/**
 * Percentiles of "local commit time shifted by each writer's network part", against the closed form
 * for an exponential local time (mean m) and two writers at a and b (a < b) with weights wa, wb: above
 * b, 1 − F(x) = e^(−x/m) (wa·e^(a/m) + wb·e^(b/m)) / (wa + wb).
 */
describe('CommitMixture', () => {
  const m = 0.004;
  const a = 0.001;
  const b = 0.003;

  function closedForm(p: number, wa: number, wb: number): number {
    return m * Math.log((wa * Math.exp(a / m) + wb * Math.exp(b / m)) / ((wa + wb) * (1 - p)));
  }

  it('p99 and p90 of a 1:3 mixture, and its mean', () => {
    const mix = new CommitMixture(exponential(m));
    mix.add(a, 1);
    mix.add(b, 2);
    mix.add(b, 1); // the same network part twice: weights add up
    for (const p of [0.9, 0.99]) expect(mix.quantile(p)).toBeCloseTo(closedForm(p, 1, 3), 9);
    expect(mix.mean()).toBeCloseTo((a * 1 + b * 3) / 4 + m, 12);
    // Sanity of the closed form's range: both quantiles lie above b.
    expect(closedForm(0.9, 1, 3)).toBeGreaterThan(b);
  });

  it('one writer: its network part plus the local quantile', () => {
    const mix = new CommitMixture(exponential(m));
    mix.add(0.07, 5);
    expect(mix.quantile(0.5)).toBeCloseTo(0.07 + m * Math.log(2), 9);
  });

  it('no writes: NaN (the results say null), and zero or infinite weights are ignored', () => {
    const mix = new CommitMixture(exponential(m));
    mix.add(0.01, 0);
    mix.add(Number.POSITIVE_INFINITY, 1);
    expect(mix.mean()).toBeNaN();
    expect(mix.quantile(0.99)).toBeNaN();
  });
});
