/**
 * Exact order statistics of a modest sample (thousands of trials): sorted copy, quantiles by linear
 * interpolation between order statistics (Hyndman–Fan type 7, as R and NumPy default).
 */
export interface DistributionSummary {
  count: number;
  mean: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
}

export interface HistogramBin {
  fromS: number;
  toS: number;
  count: number;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(values);
  s.sort();
  return s;
}

/** Quantile p in [0, 1] of an ascending sample. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summarize(values: ArrayLike<number>): DistributionSummary {
  const s = sortedCopy(values);
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i];
  return {
    count: s.length,
    mean: s.length > 0 ? sum / s.length : Number.NaN,
    min: s.length > 0 ? s[0] : Number.NaN,
    median: quantileSorted(s, 0.5),
    p90: quantileSorted(s, 0.9),
    p99: quantileSorted(s, 0.99),
    max: s.length > 0 ? s[s.length - 1] : Number.NaN,
  };
}

/** Equal-width bins from min to max (the last bin closed). */
export function histogram(values: ArrayLike<number>, bins: number): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const s = sortedCopy(values);
  if (s.length === 0) return [];
  const lo = s[0];
  const hi = s[s.length - 1];
  const width = hi > lo ? (hi - lo) / bins : 1;
  const out: HistogramBin[] = Array.from({ length: hi > lo ? bins : 1 }, (_, i) => ({
    fromS: lo + i * width,
    toS: hi > lo ? lo + (i + 1) * width : hi,
    count: 0,
  }));
  for (let i = 0; i < s.length; i++) {
    const k = Math.min(out.length - 1, Math.floor((s[i] - lo) / width));
    out[k].count++;
  }
  return out;
}
