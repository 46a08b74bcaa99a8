import { tCritical } from '../engine/stats/confidence.js';
import type { Interval } from './results.js';
import { finiteOrNull } from './summarize.js';

/**
 * The mean of a per-replication value stratified on rare faults (docs/run.md, "Rare faults"). Two
 * strata: replications without a rare outage (probability p₀, known exactly) and replications with
 * at least one (1 − p₀). The plain replications fall into one or the other; the rare-stratum
 * replications the run adds (drawn conditioned on at least one rare outage) join the second. The
 * estimate is p₀·mean₀ + (1 − p₀)·mean₊, unbiased whatever the split, with variance
 * p₀²s₀²/n₀ + (1 − p₀)²s₊²/n₊ and a Student-t interval on Welch–Satterthwaite degrees of freedom.
 */
export interface StratumSamples {
  /** Plain replications' values, in replication order. */
  readonly values: readonly number[];
  /** Per plain replication: did it have a rare outage? */
  readonly rare: readonly boolean[];
  /** Rare-stratum replications' values, in their order (−1, −2, …). */
  readonly conditioned: readonly number[];
  /** Probability that a replication has no rare outage. */
  readonly noneProbability: number;
}

export interface StratifiedEstimate {
  readonly interval: Interval;
  /** Replications in each stratum: without a rare outage, and with (plain and conditioned together). */
  readonly none: number;
  readonly some: number;
}

/** Mean and sample variance, summed in the order given (the same bits for any worker count). */
function moments(xs: readonly number[]): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += (xs[i] - mean) / (i + 1);
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { mean, variance: ss / (xs.length - 1) };
}

/** The stratified interval, or null when a stratum has fewer than two replications (no variance to go on). */
export function stratifiedInterval(s: StratumSamples, level: number): StratifiedEstimate | null {
  if (s.rare.length !== s.values.length) throw new RangeError(`${s.values.length} values but ${s.rare.length} stratum flags`);
  const p0 = s.noneProbability;
  if (!(p0 > 0 && p0 < 1)) throw new RangeError(`the probability of no rare outage must be in (0, 1), got ${p0}`);
  const none = s.values.filter((_, i) => !s.rare[i]);
  const some = [...s.values.filter((_, i) => s.rare[i]), ...s.conditioned];
  if (none.length < 2 || some.length < 2) return null;
  const a = moments(none);
  const b = moments(some);
  const va = (p0 * p0 * a.variance) / none.length;
  const vb = ((1 - p0) * (1 - p0) * b.variance) / some.length;
  const mean = p0 * a.mean + (1 - p0) * b.mean;
  const variance = va + vb;
  let halfWidth = 0;
  if (variance > 0) {
    const dof = (variance * variance) / ((va * va) / (none.length - 1) + (vb * vb) / (some.length - 1));
    halfWidth = tCritical(dof, level) * Math.sqrt(variance);
  }
  const n = none.length + some.length;
  return {
    interval: { n, mean: finiteOrNull(mean), halfWidth: finiteOrNull(halfWidth), lower: finiteOrNull(mean - halfWidth), upper: finiteOrNull(mean + halfWidth) },
    none: none.length,
    some: some.length,
  };
}
