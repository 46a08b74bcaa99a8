import type { Distribution } from '../../engine/distributions.js';

/**
 * Commit latency seen by writers: a mixture of the local commit-time distribution shifted by each
 * writer's network part, weighted by the writes that saw it. Percentiles are exact quantiles of the
 * mixture (found by bisection on its CDF), not sampled.
 */
export class CommitMixture {
  /** Written weight by network seconds. */
  private readonly weights = new Map<number, number>();

  constructor(private readonly local: Distribution) {}

  add(networkS: number, weight: number): void {
    if (!(weight > 0) || !Number.isFinite(networkS)) return;
    this.weights.set(networkS, (this.weights.get(networkS) ?? 0) + weight);
  }

  /** Add `other`'s weights, `times` times over. */
  addTimes(other: CommitMixture, times: number): void {
    for (const [net, w] of other.weights) this.add(net, times * w);
  }

  get total(): number {
    let w = 0;
    for (const v of this.weights.values()) w += v;
    return w;
  }

  mean(): number {
    const total = this.total;
    if (total === 0) return Number.NaN;
    let sum = 0;
    for (const [net, w] of this.weights) sum += net * w;
    return sum / total + this.local.mean();
  }

  /** The p-quantile (0 < p < 1) of the mixture; NaN without writes. */
  quantile(p: number): number {
    const total = this.total;
    if (total === 0) return Number.NaN;
    let lo = Math.min(...this.weights.keys()) + this.local.quantile(0);
    // Every component's CDF is ≥ p at (its shift + the local p-quantile), so the largest shift bounds it.
    let hi = Math.max(...this.weights.keys()) + this.local.quantile(p);
    for (let i = 0; i < 100 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
      const mid = (lo + hi) / 2;
      if (this.cdf(mid) / total < p) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }

  /** Weighted count of writes done by x seconds. */
  private cdf(x: number): number {
    let f = 0;
    for (const [net, w] of this.weights) f += w * localCdf(this.local, x - net);
    return f;
  }
}

/** P(local ≤ y): the distribution's own CDF, or by bisection on its quantile function where it has none (empirical ones). */
function localCdf(d: Distribution, y: number): number {
  if (d.cdf !== undefined) return d.cdf(y);
  if (y < d.quantile(0)) return 0;
  let lo = 0;
  let hi = 1 - 1e-12;
  if (d.quantile(hi) <= y) return 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (d.quantile(mid) <= y) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
