import { describe, expect, it } from 'vitest';
import { Welford } from '../../../src/engine/stats/welford.js';
import { createStream } from '../../../src/engine/rng.js';

function twoPass(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('Welford', () => {
  it('matches the two-pass mean and variance, including a large offset (cancellation-prone data)', () => {
    const rng = createStream(1, 0, 'w');
    const xs = Array.from({ length: 10_000 }, () => 1e9 + rng.next());
    const w = new Welford();
    xs.forEach((x) => w.add(x));
    const ref = twoPass(xs);
    // Mean to float64 precision; the variance (~1/12) survives the 1e9 offset, which a naive
    // sum-of-squares formula would lose entirely.
    expect(Math.abs(w.mean - ref.mean) / ref.mean).toBeLessThan(1e-13);
    expect(w.variance / ref.variance).toBeCloseTo(1, 6);
    expect(w.min).toBe(Math.min(...xs));
    expect(w.max).toBe(Math.max(...xs));
  });

  it('merges partial accumulators into exactly what one accumulator computes', () => {
    const rng = createStream(2, 0, 'w');
    const xs = Array.from({ length: 3001 }, () => rng.next() * 100);
    const whole = new Welford();
    xs.forEach((x) => whole.add(x));
    const parts = [new Welford(), new Welford(), new Welford()];
    xs.forEach((x, i) => parts[i < 10 ? 0 : i < 2000 ? 1 : 2].add(x));
    const merged = Welford.from(parts[0].toJSON()).merge(parts[1]).merge(parts[2].toJSON());
    expect(merged.n).toBe(whole.n);
    expect(merged.mean).toBeCloseTo(whole.mean, 10);
    expect(merged.variance / whole.variance).toBeCloseTo(1, 10);
    expect(new Welford().merge(new Welford()).n).toBe(0);
  });

  it('reports NaN variance below two values', () => {
    const w = new Welford();
    w.add(3);
    expect(w.mean).toBe(3);
    expect(w.variance).toBeNaN();
  });
});
