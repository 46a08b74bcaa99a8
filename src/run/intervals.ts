import { meanConfidence, pairedDifference } from '../engine/stats/confidence.js';
import { LogHistogram, type LogHistogramState } from '../engine/stats/logHistogram.js';
import { CONFIDENCE_LEVEL, type Interval, type Spread } from './results.js';
import { finiteOrNull } from './summarize.js';

/** Student-t 95% interval of per-replication values, in replication order (sums do not reorder). */
export function interval(values: readonly number[]): Interval {
  return fromCi(meanConfidence(values, CONFIDENCE_LEVEL));
}

/** a[i] − b[i] paired by replication; pairs with a missing side are left out. */
export function pairedInterval(a: readonly (number | null)[], b: readonly (number | null)[]): Interval {
  const x: number[] = [];
  const y: number[] = [];
  a.forEach((v, i) => {
    const w = b[i];
    if (v !== null && w !== null) {
      x.push(v);
      y.push(w);
    }
  });
  return fromCi(pairedDifference(x, y, CONFIDENCE_LEVEL));
}

function fromCi(ci: { n: number; mean: number; halfWidth: number; lower: number; upper: number }): Interval {
  return { n: ci.n, mean: finiteOrNull(ci.mean), halfWidth: finiteOrNull(ci.halfWidth), lower: finiteOrNull(ci.lower), upper: finiteOrNull(ci.upper) };
}

/** Interval of the non-null values only. */
export function intervalOfPresent(values: readonly (number | null)[]): Interval {
  return interval(values.filter((v): v is number => v !== null));
}

/** An interval mapped through an affine function y = a + b·x (b may be negative). */
export function affine(i: Interval, a: number, b: number): Interval {
  const map = (x: number | null) => (x === null ? null : a + b * x);
  const lo = map(i.lower);
  const hi = map(i.upper);
  return {
    n: i.n,
    mean: map(i.mean),
    halfWidth: i.halfWidth === null ? null : Math.abs(b) * i.halfWidth,
    lower: lo === null || hi === null ? null : Math.min(lo, hi),
    upper: lo === null || hi === null ? null : Math.max(lo, hi),
  };
}

/** Linear-interpolated quantile (Hyndman & Fan type 7) of sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, medianS: null, p90S: null, maxS: null };
  return { count: sorted.length, medianS: quantileSorted(sorted, 0.5), p90S: quantileSorted(sorted, 0.9), maxS: sorted[sorted.length - 1] };
}

/** Merge histogram states in the order given; null when there is nothing to merge. */
export function mergeHistograms(states: readonly (LogHistogramState | null)[]): LogHistogram | null {
  let h: LogHistogram | null = null;
  for (const s of states) {
    if (s === null) continue;
    if (h === null) h = LogHistogram.from(s);
    else h.merge(s);
  }
  return h;
}

export function histogramQuantile(state: LogHistogramState | null, q: number): number | null {
  if (state === null) return null;
  return finiteOrNull(LogHistogram.from(state).quantile(q));
}
