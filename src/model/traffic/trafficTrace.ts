/**
 * What the traffic ledger keeps for the report beyond its totals, without touching them: the
 * failed requests per fixed bucket of time (the error-budget burn over the horizon), and the
 * cumulative requests and failures at the end of every interval it added (so the share served in
 * any window — a fault's, a timeline step's — can be read afterwards, exactly at constant rates
 * within an interval). Pure bookkeeping: nothing here feeds back into the model.
 */

/** Width of a burn bucket: fine enough for any horizon's series (results coarsen it), small in memory (a year: 52,560 numbers). */
export const BURN_BUCKET_S = 600;

/** A Float64 array that grows by doubling. */
class Growable {
  data = new Float64Array(64);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  /** The value at index i, growing with zeros up to it. */
  add(i: number, x: number): void {
    while (this.length <= i) this.push(0);
    this.data[i] += x;
  }
  fill0(): void {
    this.data.fill(0, 0, this.length);
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** Cumulative requests and failures from t = 0 at each interval's end: a piecewise-linear curve. */
export interface TrafficCurve {
  /** Ascending; first entry 0. */
  readonly tS: Float64Array;
  readonly requests: Float64Array;
  readonly failed: Float64Array;
}

/** A point in the trace's history (TrafficTrace.mark). */
export interface TraceMark {
  readonly index: number;
  readonly atS: number;
  readonly requests: number;
  readonly failed: number;
}

export class TrafficTrace {
  private readonly burn = new Growable();
  private readonly tS = new Growable();
  private readonly requests = new Growable();
  private readonly failed = new Growable();
  private cumRequests = 0;
  private cumFailed = 0;

  constructor() {
    this.tS.push(0);
    this.requests.push(0);
    this.failed.push(0);
  }

  /** The interval [fromS, toS) with its requests and failures (spread evenly over it). */
  add(fromS: number, toS: number, requests: number, failed: number): void {
    this.cumRequests += requests;
    this.cumFailed += failed;
    const last = this.tS.length - 1;
    // Intervals are contiguous: one that starts past the last end would leave a gap with no traffic.
    if (this.tS.data[last] < fromS) {
      this.tS.push(fromS);
      this.requests.push(this.requests.data[last]);
      this.failed.push(this.failed.data[last]);
    }
    this.tS.push(toS);
    this.requests.push(this.cumRequests);
    this.failed.push(this.cumFailed);
    if (!(failed > 0)) return;
    const first = Math.floor(fromS / BURN_BUCKET_S);
    const end = Math.ceil(toS / BURN_BUCKET_S);
    if (end - first <= 1) {
      this.burn.add(first, failed);
      return;
    }
    const perS = failed / (toS - fromS);
    for (let k = first; k < end; k++) {
      const a = Math.max(fromS, k * BURN_BUCKET_S);
      const b = Math.min(toS, (k + 1) * BURN_BUCKET_S);
      if (b > a) this.burn.add(k, perS * (b - a));
    }
  }

  /** Where the trace stands now (the end of the last interval added), for repeatSince. */
  mark(): TraceMark {
    const last = this.tS.length - 1;
    return { index: last, atS: this.tS.data[last], requests: this.cumRequests, failed: this.cumFailed };
  }

  /**
   * Everything added since `m` (a whole simulated day of `periodS` seconds, ending now) happens
   * again `times` more times back to back: the curve gets the same points shifted by the period
   * (cumulative values raised by the period's totals each time) and the burn buckets the same
   * failures. The period must be a whole number of burn buckets and start on one.
   */
  repeatSince(m: TraceMark, periodS: number, times: number): void {
    const last = this.tS.length - 1;
    const endS = this.tS.data[last];
    if (endS - m.atS !== periodS || periodS % BURN_BUCKET_S !== 0 || m.atS % BURN_BUCKET_S !== 0) throw new RangeError(`repeatSince: [${m.atS}, ${endS}) s is not one period of ${periodS} s on the burn grid`);
    const dRequests = this.cumRequests - m.requests;
    const dFailed = this.cumFailed - m.failed;
    for (let j = 1; j <= times; j++) {
      for (let i = m.index + 1; i <= last; i++) {
        this.tS.push(this.tS.data[i] + j * periodS);
        this.requests.push(this.requests.data[i] + j * dRequests);
        this.failed.push(this.failed.data[i] + j * dFailed);
      }
    }
    this.cumRequests += times * dRequests;
    this.cumFailed += times * dFailed;
    const firstBucket = m.atS / BURN_BUCKET_S;
    const buckets = periodS / BURN_BUCKET_S;
    const filled = Math.min(this.burn.length, firstBucket + buckets);
    for (let b = firstBucket; b < filled; b++) {
      const x = this.burn.data[b];
      if (x !== 0) for (let j = 1; j <= times; j++) this.burn.add(b + j * buckets, x);
    }
  }

  /** The end of warm-up: the burn starts again (the curve keeps its history: windows may start before). */
  resetBurn(): void {
    this.burn.fill0();
  }

  /** Failed requests per BURN_BUCKET_S bucket from t = 0 (buckets past the last failure absent). */
  failedPerBucket(): Float64Array {
    return this.burn.view().slice();
  }

  curve(): TrafficCurve {
    return { tS: this.tS.view().slice(), requests: this.requests.view().slice(), failed: this.failed.view().slice() };
  }
}

/** Cumulative value of `ys` at time t on the curve (linear within an interval; held past the end). */
export function curveAt(tS: Float64Array, ys: Float64Array, t: number): number {
  const n = tS.length;
  if (n === 0 || t <= tS[0]) return n === 0 ? 0 : ys[0];
  if (t >= tS[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (tS[mid] <= t) lo = mid;
    else hi = mid;
  }
  const span = tS[hi] - tS[lo];
  return span > 0 ? ys[lo] + ((ys[hi] - ys[lo]) * (t - tS[lo])) / span : ys[hi];
}

/** Requests and failures in [fromS, toS) read off the curve. */
export function windowTotals(c: TrafficCurve, fromS: number, toS: number): { readonly requests: number; readonly failed: number } {
  return { requests: curveAt(c.tS, c.requests, toS) - curveAt(c.tS, c.requests, fromS), failed: curveAt(c.tS, c.failed, toS) - curveAt(c.tS, c.failed, fromS) };
}
