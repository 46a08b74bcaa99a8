/**
 * A weighted histogram with logarithmically sized buckets, for latency percentiles over billions of
 * requests in fixed memory.
 *
 * Accuracy: for any value x in [minValue, maxValue] the quantile returned lies within a relative
 * error `relativeError` (default 1%) of the bucket's true values: bucket i covers (γ^(i−1), γ^i] with
 * γ = (1+α)/(1−α) and reports 2γ^i/(γ+1). Values at or below 0 are counted exactly as 0; positive
 * values below minValue are reported as minValue and values above maxValue as maxValue. The result is
 * also clamped to the exact smallest and largest values seen.
 *
 * Histograms with the same settings merge exactly (bucket weights add), so shards combine losslessly.
 */
export interface LogHistogramOptions {
  relativeError?: number;
  minValue?: number;
  maxValue?: number;
}

export interface LogHistogramState {
  relativeError: number;
  minValue: number;
  maxValue: number;
  zeroWeight: number;
  minSeen: number;
  maxSeen: number;
  /** Sparse bucket weights: [bucket index, weight]. */
  buckets: Array<[number, number]>;
}

/** Relative slack of a quantile's rank (see LogHistogram.quantile): far above the sums' rounding, far below any real weight's share. */
export const QUANTILE_RANK_SLACK = 1e-9;

export class LogHistogram {
  readonly relativeError: number;
  readonly minValue: number;
  readonly maxValue: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly offset: number;
  private readonly weights: Float64Array;
  private zeroWeight = 0;
  private total = 0;
  private minSeen = Number.POSITIVE_INFINITY;
  private maxSeen = Number.NEGATIVE_INFINITY;

  constructor(options: LogHistogramOptions = {}) {
    const alpha = options.relativeError ?? 0.01;
    const minValue = options.minValue ?? 1e-6;
    const maxValue = options.maxValue ?? 1e7;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`relativeError must be in (0, 1), got ${alpha}`);
    if (!(minValue > 0 && maxValue > minValue)) {
      throw new RangeError(`need 0 < minValue < maxValue, got ${minValue} and ${maxValue}`);
    }
    this.relativeError = alpha;
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
    this.offset = this.rawIndex(minValue);
    const top = this.rawIndex(maxValue);
    this.weights = new Float64Array(top - this.offset + 1);
  }

  private rawIndex(x: number): number {
    return Math.ceil(Math.log(x) / this.logGamma);
  }

  /** Total weight added. */
  get count(): number {
    return this.total;
  }

  get min(): number {
    return this.minSeen;
  }

  get max(): number {
    return this.maxSeen;
  }

  add(value: number, weight = 1): void {
    if (!(weight > 0)) {
      if (weight === 0) return;
      throw new RangeError(`histogram weight must be >= 0, got ${weight}`);
    }
    if (Number.isNaN(value)) throw new RangeError('histogram value is NaN');
    this.total += weight;
    if (value < this.minSeen) this.minSeen = value;
    if (value > this.maxSeen) this.maxSeen = value;
    if (value <= 0) {
      this.zeroWeight += weight;
      return;
    }
    let i = this.rawIndex(value) - this.offset;
    if (i < 0) i = 0;
    else if (i >= this.weights.length) i = this.weights.length - 1;
    this.weights[i] += weight;
  }

  /**
   * The q-quantile (q in [0, 1]) of the weighted values: the first bucket whose cumulative weight
   * reaches q × the total, within rounding (QUANTILE_RANK_SLACK of the total); NaN when empty. The
   * slack matters where the cumulative weight sits at exactly q across a gap between buckets (a few
   * hundred equal atoms: the median of an even count): there the sums' last bits would otherwise pick
   * either end of the gap, and the same histogram summed in another order could report the other.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
    if (this.total === 0) return Number.NaN;
    if (q === 0) return this.minSeen;
    if (q === 1) return this.maxSeen;
    const rank = q * this.total - QUANTILE_RANK_SLACK * this.total;
    let acc = this.zeroWeight;
    if (acc >= rank && this.zeroWeight > 0) return Math.max(0, this.minSeen);
    const w = this.weights;
    for (let i = 0; i < w.length; i++) {
      acc += w[i];
      if (acc >= rank && w[i] > 0) {
        const v = (2 * Math.pow(this.gamma, i + this.offset)) / (this.gamma + 1);
        return Math.min(this.maxSeen, Math.max(this.minSeen, v));
      }
    }
    return this.maxSeen;
  }

  /** Weighted mean, from each bucket's representative value (within the relative error); NaN when empty. */
  mean(): number {
    if (this.total === 0) return Number.NaN;
    let sum = 0;
    const w = this.weights;
    for (let i = 0; i < w.length; i++) if (w[i] > 0) sum += (w[i] * 2 * Math.pow(this.gamma, i + this.offset)) / (this.gamma + 1);
    return sum / this.total;
  }

  /** Fraction of weight at or below x (bucket resolution). */
  cdf(x: number): number {
    if (this.total === 0) return Number.NaN;
    if (x < 0) return 0;
    let acc = this.zeroWeight;
    if (x > 0) {
      let last = this.rawIndex(Math.min(Math.max(x, this.minValue), this.maxValue)) - this.offset;
      if (last >= this.weights.length) last = this.weights.length - 1;
      for (let i = 0; i <= last; i++) acc += this.weights[i];
    }
    return acc / this.total;
  }

  merge(other: LogHistogram | LogHistogramState): this {
    const state = other instanceof LogHistogram ? other.toJSON() : other;
    if (state.relativeError !== this.relativeError || state.minValue !== this.minValue || state.maxValue !== this.maxValue) {
      throw new RangeError('cannot merge histograms with different relativeError, minValue or maxValue');
    }
    this.zeroWeight += state.zeroWeight;
    this.total += state.zeroWeight;
    for (const [i, weight] of state.buckets) {
      this.weights[i] += weight;
      this.total += weight;
    }
    if (state.minSeen < this.minSeen) this.minSeen = state.minSeen;
    if (state.maxSeen > this.maxSeen) this.maxSeen = state.maxSeen;
    return this;
  }

  toJSON(): LogHistogramState {
    const buckets: Array<[number, number]> = [];
    this.weights.forEach((weight, i) => {
      if (weight > 0) buckets.push([i, weight]);
    });
    return {
      relativeError: this.relativeError,
      minValue: this.minValue,
      maxValue: this.maxValue,
      zeroWeight: this.zeroWeight,
      minSeen: this.minSeen,
      maxSeen: this.maxSeen,
      buckets,
    };
  }

  static from(state: LogHistogramState): LogHistogram {
    return new LogHistogram(state).merge(state);
  }
}
