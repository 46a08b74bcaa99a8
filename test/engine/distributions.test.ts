import { describe, expect, it } from 'vitest';
import {
  DistributionError,
  bernoulli,
  constant,
  empiricalCdf,
  empiricalSamples,
  exponential,
  lognormal,
  lognormalFromMedianP99,
  normal,
  uniform,
  weibull,
  weibullFromMean,
  type Distribution,
} from '../../src/engine/distributions.js';
import { createStream } from '../../src/engine/rng.js';

const N = 200_000;

interface Reference {
  name: string;
  dist: Distribution;
  /** Closed-form values computed independently of the code under test. */
  mean: number;
  variance: number;
  quantiles: Array<[p: number, x: number]>;
  /** Relative tolerance on the sample variance (heavier tails need more). */
  varianceTol: number;
}

const references: Reference[] = [
  { name: 'uniform(2, 6)', dist: uniform(2, 6), mean: 4, variance: 16 / 12, quantiles: [[0.25, 3], [0.9, 5.6]], varianceTol: 0.02 },
  { name: 'exponential(mean 3)', dist: exponential(3), mean: 3, variance: 9, quantiles: [[0.5, 3 * Math.LN2], [0.99, 3 * Math.log(100)]], varianceTol: 0.04 },
  // Standard normal quantiles from tables: z(0.975) = 1.959964, z(0.05) = −1.644854.
  { name: 'normal(10, 2)', dist: normal(10, 2), mean: 10, variance: 4, quantiles: [[0.975, 10 + 2 * 1.959964], [0.05, 10 - 2 * 1.644854]], varianceTol: 0.02 },
  {
    name: 'lognormal(0, 0.5)',
    dist: lognormal(0, 0.5),
    mean: Math.exp(0.125),
    variance: (Math.exp(0.25) - 1) * Math.exp(0.25),
    quantiles: [[0.5, 1], [0.975, Math.exp(0.5 * 1.959964)]],
    varianceTol: 0.05,
  },
  // Weibull shape 2 (Rayleigh), scale 1: mean √π/2, variance 1 − π/4, median √ln 2.
  { name: 'weibull(2, 1)', dist: weibull(2, 1), mean: Math.sqrt(Math.PI) / 2, variance: 1 - Math.PI / 4, quantiles: [[0.5, Math.sqrt(Math.LN2)]], varianceTol: 0.02 },
  // Shape 1 is the exponential distribution.
  { name: 'weibullFromMean(1, 5)', dist: weibullFromMean(1, 5), mean: 5, variance: 25, quantiles: [[0.5, 5 * Math.LN2]], varianceTol: 0.04 },
  // Shape 0.5, mean 2: scale = 2/Γ(3) = 1; variance = Γ(5) − Γ(3)² = 24 − 4 = 20.
  { name: 'weibullFromMean(0.5, 2)', dist: weibullFromMean(0.5, 2), mean: 2, variance: 20, quantiles: [[0.5, Math.LN2 ** 2]], varianceTol: 0.15 },
  { name: 'bernoulli(0.3)', dist: bernoulli(0.3), mean: 0.3, variance: 0.21, quantiles: [], varianceTol: 0.02 },
  // Piecewise-linear CDF through (0,0), (10,1): uniform on [0, 10].
  { name: 'empiricalCdf uniform', dist: empiricalCdf([{ value: 0, p: 0 }, { value: 10, p: 1 }]), mean: 5, variance: 100 / 12, quantiles: [[0.3, 3]], varianceTol: 0.02 },
  { name: 'empiricalSamples', dist: empiricalSamples([1, 2, 2, 5]), mean: 2.5, variance: 2.25, quantiles: [], varianceTol: 0.02 },
];

describe('distribution samplers against closed forms', () => {
  for (const ref of references) {
    it(`${ref.name}: analytic moments, sample mean, variance and quantiles`, () => {
      // jstat's gamma function is accurate to ~3e-9 relative, which bounds the Weibull moments.
      expect(Math.abs(ref.dist.mean() - ref.mean)).toBeLessThan(1e-8 * Math.max(1, Math.abs(ref.mean)));
      expect(Math.abs(ref.dist.variance() - ref.variance)).toBeLessThan(1e-7 * Math.max(1, ref.variance));
      for (const [p, x] of ref.quantiles) expect(ref.dist.quantile(p)).toBeCloseTo(x, 5);

      const rng = createStream(2026, 0, `dist/${ref.name}`);
      const xs = new Float64Array(N);
      let sum = 0;
      for (let i = 0; i < N; i++) sum += xs[i] = ref.dist.sample(rng);
      const mean = sum / N;
      let ss = 0;
      for (const x of xs) ss += (x - mean) * (x - mean);
      const variance = ss / (N - 1);
      // Mean within 4 standard errors; variance within the stated relative tolerance.
      expect(Math.abs(mean - ref.mean)).toBeLessThan(4 * Math.sqrt(ref.variance / N));
      expect(Math.abs(variance - ref.variance) / ref.variance).toBeLessThan(ref.varianceTol);
      // Empirical CDF at each analytic quantile within 4 binomial standard errors of p.
      for (const [p, x] of ref.quantiles) {
        let below = 0;
        for (const v of xs) if (v <= x) below++;
        expect(Math.abs(below / N - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
      }
    });
  }

  it('fits a lognormal to a median and a p99', () => {
    const d = lognormalFromMedianP99(120, 3600);
    expect(d.quantile(0.5)).toBeCloseTo(120, 6);
    expect(d.quantile(0.99)).toBeCloseTo(3600, 4);
  });

  it('constant returns its value and still advances the stream by one draw (keeps CRN in step)', () => {
    const a = createStream(1, 0, 'c');
    const b = createStream(1, 0, 'c');
    expect(constant(4).sample(a)).toBe(4);
    b.next();
    expect(a.next()).toBe(b.next());
  });

  it('draws by inversion: one uniform per sample, monotone in the uniform', () => {
    // Two exponentials with different means fed the same stream give proportional samples.
    const a = createStream(5, 0, 'inv');
    const b = createStream(5, 0, 'inv');
    const e1 = exponential(1);
    const e3 = exponential(3);
    for (let i = 0; i < 100; i++) expect(e3.sample(b)).toBeCloseTo(3 * e1.sample(a), 9);
  });
});

describe('closed-form CDFs', () => {
  // The CDF inverts the quantile function the samplers draw by, and matches published values.
  const cases: [string, Distribution][] = [
    ['uniform', uniform(2, 5)],
    ['exponential', exponential(3)],
    ['normal', normal(10, 2)],
    ['lognormal', lognormalFromMedianP99(0.001, 0.008)],
    ['weibull', weibull(1.7, 40)],
  ];
  for (const [name, d] of cases) {
    it(`${name}: cdf(quantile(p)) = p from p = 0.001 to 0.999`, () => {
      for (const p of [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999]) expect(Math.abs(d.cdf!(d.quantile(p)) - p)).toBeLessThan(1e-9);
    });
  }

  it('matches published values: Φ(1.96) = 0.9750021, 1 − e^(−1) = 0.6321206, a lognormal at its median = 1/2', () => {
    expect(normal(0, 1).cdf!(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(exponential(2).cdf!(2)).toBeCloseTo(0.6321205588285577, 14);
    expect(lognormal(Math.log(7), 0.4).cdf!(7)).toBeCloseTo(0.5, 14);
    expect(weibull(2, 1).cdf!(1)).toBeCloseTo(0.6321205588285577, 14);
    expect(constant(4).cdf!(3.999)).toBe(0);
    expect(constant(4).cdf!(4)).toBe(1);
    expect(exponential(1).cdf!(-1)).toBe(0);
  });
});

describe('distribution parameter errors', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['exponential mean 0', () => exponential(0), /exponential: mean must be > 0/],
    ['exponential mean NaN', () => exponential(Number.NaN), /exponential: mean must be a finite number/],
    ['uniform max <= min', () => uniform(3, 3), /uniform: max must be > min/],
    ['normal sd negative', () => normal(0, -1), /normal: sd must be > 0/],
    ['lognormal sigma 0', () => lognormal(0, 0), /lognormal: sigma must be > 0/],
    ['lognormal p99 below median', () => lognormalFromMedianP99(10, 5), /p99 must be > median/],
    ['weibull shape 0', () => weibull(0, 1), /weibull: shape must be > 0/],
    ['weibull mean negative', () => weibullFromMean(1, -2), /weibull: mean must be > 0/],
    ['bernoulli p > 1', () => bernoulli(1.5), /bernoulli: p must be in \[0, 1\]/],
    ['empirical empty', () => empiricalSamples([]), /non-empty/],
    ['empirical cdf not ending at 1', () => empiricalCdf([{ value: 0, p: 0 }, { value: 1, p: 0.9 }]), /last CDF point must have p = 1/],
    ['empirical cdf decreasing', () => empiricalCdf([{ value: 0, p: 0 }, { value: 2, p: 0.6 }, { value: 1, p: 1 }]), /value decreases/],
  ];
  for (const [name, make, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(make).toThrow(DistributionError);
      expect(make).toThrow(message);
    });
  }

  it('rejects quantile probabilities outside [0, 1)', () => {
    expect(() => exponential(1).quantile(1)).toThrow(RangeError);
    expect(() => exponential(1).quantile(-0.1)).toThrow(RangeError);
  });
});
