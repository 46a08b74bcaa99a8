import jstatPkg from 'jstat';
import {
  type Distribution,
  constant,
  empiricalCdf,
  empiricalSamples,
  exponential,
  lognormal,
  normal,
  uniform,
  weibull,
} from '../engine/distributions.js';
import { Z_99 } from './defaults.js';
import { LIMITS, LIMITS_HINT } from './limits.js';
import type { DistributionSpec } from './types.js';
import { formatDuration, parseDuration } from './units.js';

const { jStat } = jstatPkg;

/** Empirical samples or CDF points per distribution: plenty for a measured distribution, bounded for memory. */
const MAX_SAMPLES = 100_000;

/**
 * Distributions in YAML, all of durations:
 *   "5s"                                   constant (shorthand)
 *   { constant: 5s }
 *   { uniform: { min: 1s, max: 3s } }
 *   { exponential: { mean: 30d } }
 *   { normal: { mean: 2s, sd: 500ms } }
 *   { lognormal: { median: 2h, p99: 12h } }  or  { lognormal: { median: 2h, sigma: 0.8 } }
 *   { weibull: { shape: 0.7, mean: 90d } }   or  { weibull: { shape: 0.7, scale: 60d } }
 *   { empirical: { samples: [1s, 2s, 9s] } }
 *   { empirical: { cdf: [{ value: 0s, p: 0 }, { value: 10s, p: 1 }] } }
 */

export interface DistributionIssue {
  /** Relative to the distribution's own position. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly expected: string;
  readonly hint?: string;
  /** Point at the key (unknown names) rather than its value. */
  readonly at?: 'key';
}

export type DistributionParse = { ok: true; spec: DistributionSpec } | { ok: false; issues: DistributionIssue[] };

export const DISTRIBUTION_KINDS = ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'weibull', 'empirical'] as const;

const EXPECTED = 'a duration ("5s") or a distribution: one of { constant | uniform | exponential | normal | lognormal | weibull | empirical: … }';

const FIELDS: Readonly<Record<(typeof DISTRIBUTION_KINDS)[number], readonly string[][]>> = {
  constant: [],
  uniform: [['min', 'max']],
  exponential: [['mean']],
  normal: [['mean', 'sd']],
  lognormal: [['median', 'p99'], ['median', 'sigma']],
  weibull: [['shape', 'mean'], ['shape', 'scale']],
  empirical: [['samples'], ['cdf']],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a YAML distribution value; never throws. */
export function parseDistribution(input: unknown, closest: (word: string, candidates: readonly string[]) => string | undefined): DistributionParse {
  const issues: DistributionIssue[] = [];
  const bad = (path: (string | number)[], message: string, expected: string, hint?: string): DistributionParse => {
    issues.push(hint === undefined ? { path, message, expected } : { path, message, expected, hint });
    return { ok: false, issues };
  };
  if (typeof input === 'string' || typeof input === 'number') {
    const d = parseDuration(input);
    if (!d.ok) return bad([], 'invalid duration', EXPECTED, d.hint);
    return { ok: true, spec: { kind: 'constant', valueS: d.value } };
  }
  if (!isRecord(input)) return bad([], 'invalid distribution', EXPECTED);
  const keys = Object.keys(input);
  if (keys.length !== 1) {
    return bad([], keys.length === 0 ? 'empty distribution' : `a distribution has one kind, found ${keys.join(', ')}`, EXPECTED);
  }
  const kind = keys[0];
  const body = input[kind];
  if (!(DISTRIBUTION_KINDS as readonly string[]).includes(kind)) {
    const guess = closest(kind, DISTRIBUTION_KINDS);
    issues.push({ path: [kind], at: 'key', message: `unknown distribution "${kind}"`, expected: `one of ${DISTRIBUTION_KINDS.join(', ')}`, ...(guess ? { hint: `did you mean "${guess}"?` } : {}) });
    return { ok: false, issues };
  }
  const k = kind as (typeof DISTRIBUTION_KINDS)[number];
  if (k === 'constant') {
    const d = parseDuration(body);
    if (!d.ok) return bad([k], 'invalid duration', d.expected, d.hint);
    return { ok: true, spec: { kind: 'constant', valueS: d.value } };
  }
  if (!isRecord(body)) return bad([k], `${k} needs parameters`, `{ ${FIELDS[k].map((f) => f.join(', ')).join(' } or { ')} }`);
  const allowed = new Set(FIELDS[k].flat());
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) {
      const guess = closest(key, [...allowed]);
      issues.push({ path: [k, key], at: 'key', message: `unknown parameter "${key}" for ${k}`, expected: [...allowed].join(', '), ...(guess ? { hint: `did you mean "${guess}"?` } : {}) });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const variant = FIELDS[k].find((fs) => fs.every((f) => body[f] !== undefined) && Object.keys(body).every((b) => fs.includes(b)));
  if (variant === undefined) {
    return bad([k], `${k} needs exactly { ${FIELDS[k].map((f) => f.join(', ')).join(' } or { ')} }`, FIELDS[k].map((f) => `{ ${f.join(', ')} }`).join(' or '));
  }
  const dur = (field: string): number | undefined => {
    const d = parseDuration(body[field]);
    if (!d.ok) {
      issues.push({ path: [k, field], message: 'invalid duration', expected: d.expected, ...(d.hint ? { hint: d.hint } : {}) });
      return undefined;
    }
    if (d.value > LIMITS.durationS) {
      issues.push({ path: [k, field], message: 'duration too large', expected: `at most ${formatDuration(LIMITS.durationS)}`, hint: LIMITS_HINT });
      return undefined;
    }
    return d.value;
  };
  // Shape parameters outside these ranges give means that overflow or samples that are all 0 or ∞.
  const positive = (field: string, max: number, min = 0): number | undefined => {
    const v = body[field];
    if (typeof v !== 'number' || !(v > min) || !(v <= max)) {
      issues.push({ path: [k, field], message: `invalid ${field}`, expected: `a number above ${min} and at most ${max}`, hint: `outside this range the distribution's mean overflows or its samples collapse; ${LIMITS_HINT}` });
      return undefined;
    }
    return v;
  };
  let spec: DistributionSpec | undefined;
  switch (k) {
    case 'uniform': {
      const min = dur('min');
      const max = dur('max');
      if (min !== undefined && max !== undefined) {
        if (!(max > min)) return bad([k, 'max'], 'max must be greater than min', `a duration above ${formatDuration(min)}`);
        spec = { kind: 'uniform', minS: min, maxS: max };
      }
      break;
    }
    case 'exponential': {
      const mean = dur('mean');
      if (mean !== undefined) {
        if (!(mean > 0)) return bad([k, 'mean'], 'mean must be above zero', 'a positive duration');
        spec = { kind: 'exponential', meanS: mean };
      }
      break;
    }
    case 'normal': {
      const mean = dur('mean');
      const sd = dur('sd');
      if (mean !== undefined && sd !== undefined) {
        if (!(sd > 0)) return bad([k, 'sd'], 'sd must be above zero', 'a positive duration');
        spec = { kind: 'normal', meanS: mean, sdS: sd };
      }
      break;
    }
    case 'lognormal': {
      const median = dur('median');
      if (variant.includes('p99')) {
        const p99 = dur('p99');
        if (median !== undefined && p99 !== undefined) {
          if (!(median > 0)) return bad([k, 'median'], 'median must be above zero', 'a positive duration');
          if (!(p99 > median)) return bad([k, 'p99'], 'p99 must be greater than the median', `a duration above ${formatDuration(median)}`);
          spec = { kind: 'lognormal', medianS: median, sigma: Math.log(p99 / median) / Z_99 };
        }
      } else {
        const sigma = positive('sigma', 10);
        if (median !== undefined && sigma !== undefined) {
          if (!(median > 0)) return bad([k, 'median'], 'median must be above zero', 'a positive duration');
          spec = { kind: 'lognormal', medianS: median, sigma };
        }
      }
      break;
    }
    case 'weibull': {
      const shape = positive('shape', 100, 0.05);
      const scaleOrMean = variant.includes('mean') ? dur('mean') : dur('scale');
      if (shape !== undefined && scaleOrMean !== undefined) {
        if (!(scaleOrMean > 0)) return bad([k, variant[1]], `${variant[1]} must be above zero`, 'a positive duration');
        // mean = scale · Γ(1 + 1/shape)
        const scaleS = variant.includes('mean') ? scaleOrMean / jStat.gammafn(1 + 1 / shape) : scaleOrMean;
        spec = { kind: 'weibull', shape, scaleS };
      }
      break;
    }
    case 'empirical': {
      if (variant.includes('samples')) {
        const raw = body.samples;
        if (!Array.isArray(raw) || raw.length === 0) return bad([k, 'samples'], 'samples must be a non-empty list', 'a list of durations');
        if (raw.length > MAX_SAMPLES) return bad([k, 'samples'], `too many samples (${raw.length})`, `at most ${MAX_SAMPLES} samples`, LIMITS_HINT);
        const samplesS: number[] = [];
        raw.forEach((x, i) => {
          const d = parseDuration(x);
          if (d.ok) samplesS.push(d.value);
          else issues.push({ path: [k, 'samples', i], message: 'invalid duration', expected: d.expected, ...(d.hint ? { hint: d.hint } : {}) });
        });
        if (issues.length === 0) spec = { kind: 'empiricalSamples', samplesS };
      } else {
        const raw = body.cdf;
        if (!Array.isArray(raw) || raw.length < 2) return bad([k, 'cdf'], 'a CDF needs at least two points', 'a list of { value: duration, p: probability }');
        if (raw.length > MAX_SAMPLES) return bad([k, 'cdf'], `too many CDF points (${raw.length})`, `at most ${MAX_SAMPLES} points`, LIMITS_HINT);
        const points: { valueS: number; p: number }[] = [];
        raw.forEach((pt, i) => {
          if (!isRecord(pt) || typeof pt.p !== 'number' || Object.keys(pt).some((x) => x !== 'value' && x !== 'p')) {
            issues.push({ path: [k, 'cdf', i], message: 'invalid CDF point', expected: '{ value: duration, p: number in [0, 1] }' });
            return;
          }
          const d = parseDuration(pt.value);
          if (!d.ok) issues.push({ path: [k, 'cdf', i, 'value'], message: 'invalid duration', expected: d.expected });
          else points.push({ valueS: d.value, p: pt.p });
        });
        if (issues.length === 0) spec = { kind: 'empiricalCdf', points };
      }
      break;
    }
  }
  if (issues.length > 0 || spec === undefined) return { ok: false, issues };
  // The engine is the final judge of parameters (e.g. CDF monotonicity).
  try {
    toDistribution(spec);
  } catch (err) {
    return bad([k], err instanceof Error ? err.message : String(err), 'valid distribution parameters');
  }
  return { ok: true, spec };
}

/** Maps a spec onto the engine's samplers (durations in seconds). */
export function toDistribution(spec: DistributionSpec): Distribution {
  switch (spec.kind) {
    case 'constant':
      return constant(spec.valueS);
    case 'uniform':
      return uniform(spec.minS, spec.maxS);
    case 'exponential':
      return exponential(spec.meanS);
    case 'normal':
      return normal(spec.meanS, spec.sdS);
    case 'lognormal':
      return lognormal(Math.log(spec.medianS), spec.sigma);
    case 'weibull':
      return weibull(spec.shape, spec.scaleS);
    case 'empiricalSamples':
      return empiricalSamples(spec.samplesS);
    case 'empiricalCdf':
      return empiricalCdf(spec.points.map((p) => ({ value: p.valueS, p: p.p })));
  }
}

/** Short text for summaries, in scenario units: "lognormal(median 2h, p99 12h)". */
export function describeDistribution(spec: DistributionSpec): string {
  const f = formatDuration;
  switch (spec.kind) {
    case 'constant':
      return f(spec.valueS);
    case 'uniform':
      return `uniform(${f(spec.minS)}..${f(spec.maxS)})`;
    case 'exponential':
      return `exponential(mean ${f(spec.meanS)})`;
    case 'normal':
      return `normal(mean ${f(spec.meanS)}, sd ${f(spec.sdS)})`;
    case 'lognormal':
      return `lognormal(median ${f(spec.medianS)}, p99 ${f(spec.medianS * Math.exp(spec.sigma * Z_99))})`;
    case 'weibull':
      return `weibull(shape ${spec.shape}, mean ${f(toDistribution(spec).mean())})`;
    case 'empiricalSamples':
      return `empirical(${spec.samplesS.length} samples)`;
    case 'empiricalCdf':
      return `empirical(${spec.points.length}-point CDF)`;
  }
}
