import jstatPkg from 'jstat';
import type { RandomStream } from './rng.js';

const { jStat } = jstatPkg;

/**
 * Probability distributions for durations and counts. Every sampler draws by inversion, one
 * uniform per sample, so a given stream position maps to the same quantile under every design
 * (common random numbers stay in step even when parameters differ).
 */
export interface Distribution {
  readonly kind: string;
  sample(rng: RandomStream): number;
  mean(): number;
  variance(): number;
  /** Inverse CDF at probability p in [0, 1). */
  quantile(p: number): number;
  /** P(X ≤ x), where a closed form exists (callers that need a CDF otherwise invert quantile). */
  cdf?(x: number): number;
  /** Short human-readable form, e.g. "exponential(mean=3600)". */
  describe(): string;
}

/** Raised for impossible parameters; the message names the distribution and the parameter. */
export class DistributionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DistributionError';
  }
}

/** z such that P(Z <= z) = 0.99 for a standard normal. */
const Z_99 = 2.3263478740408408;

function requireFinite(kind: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DistributionError(`${kind}: ${field} must be a finite number, got ${String(value)}`);
  }
}

function requirePositive(kind: string, field: string, value: number): void {
  requireFinite(kind, field, value);
  if (value <= 0) throw new DistributionError(`${kind}: ${field} must be > 0, got ${value}`);
}

function requireProbability(p: number): void {
  if (!(p >= 0 && p < 1)) throw new RangeError(`quantile: p must be in [0, 1), got ${p}`);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

export function constant(value: number): Distribution {
  requireFinite('constant', 'value', value);
  return {
    kind: 'constant',
    sample: (rng) => {
      rng.next(); // keep the stream in step with samplers that consume one draw
      return value;
    },
    mean: () => value,
    variance: () => 0,
    quantile: (p) => (requireProbability(p), value),
    cdf: (x) => (x >= value ? 1 : 0),
    describe: () => `constant(${fmt(value)})`,
  };
}

export function uniform(min: number, max: number): Distribution {
  requireFinite('uniform', 'min', min);
  requireFinite('uniform', 'max', max);
  if (!(max > min)) throw new DistributionError(`uniform: max must be > min, got min=${min}, max=${max}`);
  const width = max - min;
  return {
    kind: 'uniform',
    sample: (rng) => min + width * rng.next(),
    mean: () => (min + max) / 2,
    variance: () => (width * width) / 12,
    quantile: (p) => (requireProbability(p), min + width * p),
    cdf: (x) => (x <= min ? 0 : x >= max ? 1 : (x - min) / width),
    describe: () => `uniform(${fmt(min)}, ${fmt(max)})`,
  };
}

export function exponential(mean: number): Distribution {
  requirePositive('exponential', 'mean', mean);
  return {
    kind: 'exponential',
    sample: (rng) => -mean * Math.log(1 - rng.next()),
    mean: () => mean,
    variance: () => mean * mean,
    quantile: (p) => (requireProbability(p), -mean * Math.log(1 - p)),
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)),
    describe: () => `exponential(mean=${fmt(mean)})`,
  };
}

export function exponentialFromRate(ratePerS: number): Distribution {
  requirePositive('exponential', 'rate', ratePerS);
  return exponential(1 / ratePerS);
}

export function normal(mean: number, sd: number): Distribution {
  requireFinite('normal', 'mean', mean);
  requirePositive('normal', 'sd', sd);
  const inv = (p: number) => (p === 0 ? Number.NEGATIVE_INFINITY : jStat.normal.inv(p, mean, sd));
  return {
    kind: 'normal',
    sample: (rng) => {
      const u = rng.next();
      return u === 0 ? mean - 8 * sd : inv(u);
    },
    mean: () => mean,
    variance: () => sd * sd,
    quantile: (p) => (requireProbability(p), inv(p)),
    cdf: (x) => jStat.normal.cdf(x, mean, sd),
    describe: () => `normal(mean=${fmt(mean)}, sd=${fmt(sd)})`,
  };
}

/** Lognormal with log-space mean mu and standard deviation sigma. */
export function lognormal(mu: number, sigma: number): Distribution {
  requireFinite('lognormal', 'mu', mu);
  requirePositive('lognormal', 'sigma', sigma);
  const base = normal(mu, sigma);
  return {
    kind: 'lognormal',
    sample: (rng) => Math.exp(base.sample(rng)),
    mean: () => Math.exp(mu + (sigma * sigma) / 2),
    variance: () => (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma),
    quantile: (p) => (requireProbability(p), p === 0 ? 0 : Math.exp(base.quantile(p))),
    cdf: (x) => (x <= 0 ? 0 : jStat.normal.cdf(Math.log(x), mu, sigma)),
    describe: () => `lognormal(mu=${fmt(mu)}, sigma=${fmt(sigma)})`,
  };
}

/** Lognormal fitted to a median and a 99th percentile, the way latency and repair times are quoted. */
export function lognormalFromMedianP99(median: number, p99: number): Distribution {
  requirePositive('lognormal', 'median', median);
  requirePositive('lognormal', 'p99', p99);
  if (!(p99 > median)) throw new DistributionError(`lognormal: p99 must be > median, got median=${median}, p99=${p99}`);
  return lognormal(Math.log(median), Math.log(p99 / median) / Z_99);
}

export function weibull(shape: number, scale: number): Distribution {
  requirePositive('weibull', 'shape', shape);
  requirePositive('weibull', 'scale', scale);
  const g1 = jStat.gammafn(1 + 1 / shape);
  const g2 = jStat.gammafn(1 + 2 / shape);
  return {
    kind: 'weibull',
    sample: (rng) => scale * Math.pow(-Math.log(1 - rng.next()), 1 / shape),
    mean: () => scale * g1,
    variance: () => scale * scale * (g2 - g1 * g1),
    quantile: (p) => (requireProbability(p), scale * Math.pow(-Math.log(1 - p), 1 / shape)),
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape))),
    describe: () => `weibull(shape=${fmt(shape)}, scale=${fmt(scale)})`,
  };
}

/** Weibull with the given shape, scaled so that its mean is `mean`. */
export function weibullFromMean(shape: number, mean: number): Distribution {
  requirePositive('weibull', 'shape', shape);
  requirePositive('weibull', 'mean', mean);
  return weibull(shape, mean / jStat.gammafn(1 + 1 / shape));
}

/** Resample observed values: the inverse of their empirical CDF (a step function). */
export function empiricalSamples(samples: readonly number[]): Distribution {
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new DistributionError('empirical: samples must be a non-empty list of numbers');
  }
  samples.forEach((x, i) => requireFinite('empirical', `samples[${i}]`, x));
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let m = 0;
  for (const x of sorted) m += x;
  m /= n;
  let v = 0;
  for (const x of sorted) v += (x - m) * (x - m);
  v /= n;
  const inv = (p: number) => sorted[Math.min(n - 1, Math.floor(p * n))];
  return {
    kind: 'empirical',
    sample: (rng) => inv(rng.next()),
    mean: () => m,
    variance: () => v,
    quantile: (p) => (requireProbability(p), inv(p)),
    describe: () => `empirical(${n} samples)`,
  };
}

export interface CdfPoint {
  value: number;
  p: number;
}

/**
 * A piecewise-linear CDF through the given points: p must rise from 0 at the first point to 1 at
 * the last, values must not decrease.
 */
export function empiricalCdf(points: readonly CdfPoint[]): Distribution {
  if (!Array.isArray(points) || points.length < 2) {
    throw new DistributionError('empirical: a CDF needs at least two points');
  }
  points.forEach((pt, i) => {
    requireFinite('empirical', `cdf[${i}].value`, pt.value);
    requireFinite('empirical', `cdf[${i}].p`, pt.p);
    if (i > 0) {
      if (pt.p < points[i - 1].p) throw new DistributionError(`empirical: cdf[${i}].p decreases (${pt.p} after ${points[i - 1].p})`);
      if (pt.value < points[i - 1].value) {
        throw new DistributionError(`empirical: cdf[${i}].value decreases (${pt.value} after ${points[i - 1].value})`);
      }
    }
  });
  if (points[0].p !== 0) throw new DistributionError(`empirical: the first CDF point must have p = 0, got ${points[0].p}`);
  if (points[points.length - 1].p !== 1) {
    throw new DistributionError(`empirical: the last CDF point must have p = 1, got ${points[points.length - 1].p}`);
  }
  const xs = points.map((pt) => pt.value);
  const ps = points.map((pt) => pt.p);
  let m = 0;
  let m2 = 0;
  for (let i = 1; i < xs.length; i++) {
    const w = ps[i] - ps[i - 1];
    const a = xs[i - 1];
    const b = xs[i];
    m += (w * (a + b)) / 2;
    m2 += (w * (a * a + a * b + b * b)) / 3; // a uniform segment's second moment
  }
  const inv = (p: number) => {
    let i = 1;
    while (i < ps.length - 1 && ps[i] <= p) i++;
    const w = ps[i] - ps[i - 1];
    return w === 0 ? xs[i] : xs[i - 1] + ((p - ps[i - 1]) / w) * (xs[i] - xs[i - 1]);
  };
  return {
    kind: 'empirical',
    sample: (rng) => inv(rng.next()),
    mean: () => m,
    variance: () => m2 - m * m,
    quantile: (p) => (requireProbability(p), inv(p)),
    describe: () => `empirical(${points.length} CDF points)`,
  };
}

/** 1 with probability p, else 0. */
export function bernoulli(p: number): Distribution {
  requireFinite('bernoulli', 'p', p);
  if (p < 0 || p > 1) throw new DistributionError(`bernoulli: p must be in [0, 1], got ${p}`);
  return {
    kind: 'bernoulli',
    sample: (rng) => (rng.next() < p ? 1 : 0),
    mean: () => p,
    variance: () => p * (1 - p),
    quantile: (q) => (requireProbability(q), q < 1 - p ? 0 : 1),
    describe: () => `bernoulli(p=${fmt(p)})`,
  };
}
