/**
 * Running mean and variance by Welford's method, mergeable (Chan et al.) so shards and workers can
 * combine partial results exactly as if one accumulator had seen every value.
 */
export interface WelfordState {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
}

export class Welford {
  n = 0;
  mean = 0;
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(x: number): void {
    const n = ++this.n;
    const d = x - this.mean;
    this.mean += d / n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Sample variance (n − 1 denominator); NaN below two values. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : Number.NaN;
  }

  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** Fold another accumulator into this one. */
  merge(other: WelfordState): this {
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.n = other.n;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return this;
    }
    const n = this.n + other.n;
    const d = other.mean - this.mean;
    this.mean += (d * other.n) / n;
    this.m2 += other.m2 + (d * d * this.n * other.n) / n;
    this.n = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    return this;
  }

  toJSON(): WelfordState {
    return { n: this.n, mean: this.mean, m2: this.m2, min: this.min, max: this.max };
  }

  static from(state: WelfordState): Welford {
    return new Welford().merge(state);
  }
}
