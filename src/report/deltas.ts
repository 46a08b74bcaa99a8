import { tCritical } from '../engine/stats/confidence.js';
import { MONTH_MINUTES, type Interval, type Results } from '../run/results.js';

/**
 * The report's headline: each design against one baseline, as differences with their 95% intervals.
 * The baseline is the scenario's first design because results.json holds the paired differences
 * (common random numbers, docs/results-schema.md "Comparison") against it and no other: pairing
 * removes the noise both designs share, so those intervals are the tight, honest ones.
 */
export interface Delta {
  /** design − baseline; null when either side has no value. */
  readonly mean: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** The 95% interval excludes 0. */
  readonly significant: boolean;
  /**
   * paired: from results.json's paired difference (same faults in both designs);
   * unpaired: results.json holds no paired difference for this metric, so Welch's interval from the two
   * designs' own intervals (wider than a paired one would be: a significant one is certainly real).
   */
  readonly method: 'paired' | 'unpaired';
}

export interface DesignDeltas {
  readonly design: string;
  readonly costUsdPerMonth: Delta | null;
  readonly downtimeMinutesPerMonth: Delta;
  /** p99 over all user regions (paired), then per user region in scenario order (paired when results.json holds it). */
  readonly p99Ms: Delta | null;
  readonly p99MsByRegion: readonly { readonly region: string; readonly delta: Delta }[];
}

export interface Headline {
  readonly baseline: string;
  readonly why: string;
  readonly designs: readonly DesignDeltas[];
}

const NONE: Delta = { mean: null, lower: null, upper: null, significant: false, method: 'paired' };

function delta(mean: number | null, lower: number | null, upper: number | null, method: Delta['method']): Delta {
  if (mean === null) return { ...NONE, method };
  return { mean, lower, upper, significant: lower !== null && upper !== null && (lower > 0 || upper < 0), method };
}

/** A paired interval scaled by `k` (k < 0 swaps the ends: downtime falls as availability rises). */
export function scaled(i: Interval, k: number): Delta {
  if (i.mean === null) return NONE;
  const a = i.lower === null ? null : i.lower * k;
  const b = i.upper === null ? null : i.upper * k;
  return delta(i.mean * k, a === null || b === null ? null : Math.min(a, b), a === null || b === null ? null : Math.max(a, b), 'paired');
}

/**
 * Welch's interval for mean(a) − mean(b) from two independent Student-t intervals: each standard
 * error is recovered as halfWidth / t(n−1), the degrees of freedom by Welch–Satterthwaite.
 */
export function welchDifference(a: Interval, b: Interval, k = 1): Delta {
  if (a.mean === null || b.mean === null) return { ...NONE, method: 'unpaired' };
  const mean = (a.mean - b.mean) * k;
  if (a.halfWidth === null || b.halfWidth === null || a.n < 2 || b.n < 2) return delta(mean, null, null, 'unpaired');
  const va = (a.halfWidth / tCritical(a.n - 1)) ** 2;
  const vb = (b.halfWidth / tCritical(b.n - 1)) ** 2;
  const v = va + vb;
  if (v === 0) return delta(mean, mean, mean, 'unpaired');
  const dof = v ** 2 / ((va > 0 ? va ** 2 / (a.n - 1) : 0) + (vb > 0 ? vb ** 2 / (b.n - 1) : 0));
  const hw = tCritical(Math.max(1, dof)) * Math.sqrt(v) * Math.abs(k);
  return delta(mean, mean - hw, mean + hw, 'unpaired');
}

export function headline(r: Results): Headline | null {
  if (r.designs.length < 2) return null;
  const base = r.designs[0];
  const designs = r.comparisons.map((c): DesignDeltas => {
    const d = r.designs.find((x) => x.name === c.design)!;
    const hasLatency = d.latency !== null && base.latency !== null;
    return {
      design: c.design,
      // Paired by replication when results.json holds the difference (results since the paired cost); Welch otherwise.
      costUsdPerMonth: d.cost !== null && base.cost !== null ? (c.monthlyUsd ? scaled(c.monthlyUsd, 1) : welchDifference(d.cost.monthlyUsd, base.cost.monthlyUsd)) : null,
      // downtime = (1 − availability) × month: the paired availability difference, negated and scaled.
      downtimeMinutesPerMonth: scaled(c.availability, -MONTH_MINUTES),
      p99Ms: c.p99S === null ? null : scaled(c.p99S, 1000),
      p99MsByRegion: hasLatency
        ? r.scenario.userRegions.map((region, k) => {
            const paired = c.byUserRegion?.find((u) => u.name === region)?.p99S;
            return { region, delta: paired && paired.mean !== null ? scaled(paired, 1000) : welchDifference(d.latency!.byUserRegion[k].p99S, base.latency!.byUserRegion[k].p99S, 1000) };
          })
        : [],
    };
  });
  return {
    baseline: base.name,
    why: `${base.name} is the scenario's first design: results.json holds every design's paired difference against it`,
    designs,
  };
}
