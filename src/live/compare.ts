/**
 * Putting a real distribution beside a simulated one: summaries, the two-sample Kolmogorov–Smirnov
 * statistic, and a verdict against stated tolerances.
 */

export interface SampleSummary {
  count: number;
  min: number;
  median: number;
  p90: number;
  max: number;
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summarizeSample(values: readonly number[]): SampleSummary {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, min: s[0] ?? Number.NaN, median: quantile(s, 0.5), p90: quantile(s, 0.9), max: s[s.length - 1] ?? Number.NaN };
}

/** sup |F_a(x) − F_b(x)| over the pooled sample points (exact, ties handled). */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return Number.NaN;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * Critical value of the two-sample KS statistic at significance alpha, by the asymptotic formula
 * c(α)·√((n+m)/(n·m)) with c(α) = √(−ln(α/2)/2) (c = 1.628 at α = 0.01). For n = 10 against a large
 * simulated sample this is 0.515; the exact one-sample value is 0.490, so the asymptotic form is
 * slightly lenient there.
 */
export function ksCriticalValue(n: number, m: number, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

export interface Tolerance {
  /** KS test significance level. */
  alpha: number;
  /** Medians may differ by this fraction of the simulated median … */
  medianRelative: number;
  /** … or by this many ms, whichever is larger (one heartbeat tick: the model's time grain). */
  absoluteMs: number;
}

export interface Comparison {
  real: SampleSummary;
  sim: SampleSummary;
  ks: number;
  ksCritical: number;
  medianDiffMs: number;
  medianAllowedMs: number;
  /** The KS test passes, or both distributions sit within absoluteMs of each other at median and p90. */
  ksOk: boolean;
  medianOk: boolean;
  agree: boolean;
  reason: string;
}

/**
 * Agreement: medians within max(medianRelative × sim median, absoluteMs), and the KS statistic under
 * its critical value. Distributions squeezed near zero (a minority kill) have KS ≈ 1 from sub-ms
 * differences that mean nothing; there the KS part is waived when the p90s too are within absoluteMs.
 */
export function compareSamples(realMs: readonly number[], simMs: readonly number[], tol: Tolerance): Comparison {
  const real = summarizeSample(realMs);
  const sim = summarizeSample(simMs);
  const ks = ksStatistic(realMs, simMs);
  const ksCritical = ksCriticalValue(realMs.length, simMs.length, tol.alpha);
  const medianDiffMs = real.median - sim.median;
  const medianAllowedMs = Math.max(tol.medianRelative * Math.abs(sim.median), tol.absoluteMs);
  const medianOk = Math.abs(medianDiffMs) <= medianAllowedMs;
  const closeEverywhere = medianOk && Math.abs(real.p90 - sim.p90) <= tol.absoluteMs;
  const ksOk = ks <= ksCritical || closeEverywhere;
  const agree = realMs.length > 0 && simMs.length > 0 && ksOk && medianOk;
  const reasons: string[] = [];
  if (realMs.length === 0) reasons.push('no real samples');
  if (!medianOk) reasons.push(`medians differ by ${medianDiffMs.toFixed(0)} ms (allowed ±${medianAllowedMs.toFixed(0)} ms)`);
  if (!ksOk) reasons.push(`KS ${ks.toFixed(2)} > ${ksCritical.toFixed(2)} (α = ${tol.alpha})`);
  return { real, sim, ks, ksCritical, medianDiffMs, medianAllowedMs, ksOk, medianOk, agree, reason: agree ? 'agree' : reasons.join('; ') };
}
