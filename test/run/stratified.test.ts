import { describe, expect, it } from 'vitest';
import { createStream, type RandomStream } from '../../src/engine/rng.js';
import { tCritical } from '../../src/engine/stats/confidence.js';
import { interval } from '../../src/run/intervals.js';
import { rareStratumCount } from '../../src/run/rareStratum.js';
import { stratifiedInterval } from '../../src/run/stratified.js';

describe('availability stratified on rare outages', () => {
  it('matches the stratified mean and Welch–Satterthwaite interval by hand', () => {
    // No rare outage: 1, 2, 3 (mean 2, variance 1); with one: 10, 14 plain and 12 conditioned (mean 12, variance 4).
    const e = stratifiedInterval({ values: [1, 10, 2, 14, 3], rare: [false, true, false, true, false], conditioned: [12], noneProbability: 0.9 }, 0.95)!;
    const va = (0.81 * 1) / 3;
    const vb = (0.01 * 4) / 3;
    const dof = (va + vb) ** 2 / (va ** 2 / 2 + vb ** 2 / 2);
    expect(dof).toBeCloseTo(2.1974, 3);
    expect(e.none).toBe(3);
    expect(e.some).toBe(3);
    expect(e.interval.n).toBe(6);
    expect(e.interval.mean).toBeCloseTo(0.9 * 2 + 0.1 * 12, 12);
    expect(e.interval.halfWidth).toBeCloseTo(tCritical(dof) * Math.sqrt(va + vb), 12);
  });

  it('has no interval when a stratum has fewer than two replications, and refuses nonsense', () => {
    expect(stratifiedInterval({ values: [1, 2, 3], rare: [false, false, false], conditioned: [5], noneProbability: 0.9 }, 0.95)).toBeNull();
    expect(stratifiedInterval({ values: [1, 9], rare: [false, true], conditioned: [5], noneProbability: 0.9 }, 0.95)).toBeNull();
    expect(() => stratifiedInterval({ values: [1, 2], rare: [false], conditioned: [], noneProbability: 0.9 }, 0.95)).toThrow(/2 values but 1/);
    expect(() => stratifiedInterval({ values: [1, 2], rare: [false, true], conditioned: [], noneProbability: 1 }, 0.95)).toThrow(/\(0, 1\)/);
  });

  it('is exact where the strata are constant: zero width at the weighted mean', () => {
    const e = stratifiedInterval({ values: [1, 1, 0.5], rare: [false, false, true], conditioned: [0.5], noneProbability: 0.75 }, 0.95)!;
    expect(e.interval.mean).toBeCloseTo(0.75 + 0.25 * 0.5, 15);
    expect(e.interval.halfWidth).toBe(0);
  });

  /**
   * Synthetic replications with a known mean: K ~ Poisson(Λ) rare outages, each costing a fraction
   * of the year drawn from `cost`, on top of common downtime uniform on [0, C]. Runs of 10
   * replications, the rare stratum filled as fleetsim fills it (conditioned draws: K from the
   * zero-truncated Poisson).
   */
  const LAMBDA = 0.1;
  const C = 1e-4;
  const P0 = Math.exp(-LAMBDA);

  function poisson(rng: RandomStream, atLeastOne: boolean): number {
    // Inversion; for the conditioned draw, u is taken in the upper part [e^{−Λ}, 1) of the CDF.
    let u = rng.next();
    if (atLeastOne) u = P0 + u * (1 - P0);
    let k = 0;
    let p = P0;
    let cdf = P0;
    while (u >= cdf) {
      k++;
      p *= LAMBDA / k;
      cdf += p;
    }
    return k;
  }

  function experiment(cost: (rng: RandomStream) => number, exact: number, runs: number) {
    const rng = createStream('stratified-test', 0, 'synthetic');
    const draw = (atLeastOne: boolean) => {
      const k = poisson(rng, atLeastOne);
      let down = rng.next() * C;
      for (let i = 0; i < k; i++) down += cost(rng);
      return { k, availability: 1 - down };
    };
    let coveredStratified = 0;
    let coveredPlain = 0;
    let sum = 0;
    let sumSq = 0;
    for (let g = 0; g < runs; g++) {
      const plain = Array.from({ length: 10 }, () => draw(false));
      const conditioned = Array.from({ length: rareStratumCount(plain.filter((x) => x.k > 0).length) }, () => draw(true).availability);
      const e = stratifiedInterval({ values: plain.map((x) => x.availability), rare: plain.map((x) => x.k > 0), conditioned, noneProbability: P0 }, 0.95)!;
      sum += e.interval.mean!;
      sumSq += e.interval.mean! ** 2;
      if (e.interval.lower! <= exact && exact <= e.interval.upper!) coveredStratified++;
      const p = interval(plain.map((x) => x.availability));
      if (p.lower! <= exact && exact <= p.upper!) coveredPlain++;
    }
    const mean = sum / runs;
    return { mean, se: Math.sqrt((sumSq / runs - mean * mean) / runs), stratified: coveredStratified / runs, plain: coveredPlain / runs };
  }

  it('is unbiased for a Poisson-mixed Bernoulli downtime (mean Λ·q·d + C/2 exactly)', () => {
    // Each outage costs d = 0.2% of the year with probability q = 0.7, else nothing.
    const exact = 1 - (LAMBDA * 0.7 * 0.002 + C / 2);
    const r = experiment((rng) => (rng.next() < 0.7 ? 0.002 : 0), exact, 4000);
    expect(Math.abs(r.mean - exact)).toBeLessThan(4 * r.se);
    // The plain mean of 10 is unbiased too, but a third of the runs see no rare outage: their interval lies above the truth.
    expect(r.plain).toBeLessThan(0.75);
    expect(r.stratified).toBeGreaterThan(r.plain);
  });

  it('covers the exact mean about 95% of the time when an outage costs its lognormal duration', () => {
    // Durations as the default scenario's region outages: median 2 h, p99 12 h (σ = ln 6 / 2.326).
    const sigma = Math.log(6) / 2.3263;
    const medianRatio = 2 / 8760;
    const exact = 1 - (LAMBDA * medianRatio * Math.exp((sigma * sigma) / 2) + C / 2);
    const r = experiment((rng) => {
      // Box–Muller: one standard normal from two uniforms.
      const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      return medianRatio * Math.exp(sigma * z);
    }, exact, 4000);
    expect(Math.abs(r.mean - exact)).toBeLessThan(4 * r.se);
    expect(r.stratified).toBeGreaterThan(0.92);
    expect(r.plain).toBeLessThan(0.75);
  });
});
