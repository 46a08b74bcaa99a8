import type { SloSpec } from '../../scenario/types.js';

/** The length of the window a user-felt SLO is judged on. */
export const MINUTE_S = 60;

/**
 * Success ratio a minute needs when the scenario states no SLO: three nines, the availability most
 * published service SLOs start from. Only user-felt recovery uses it (error budgets stay unjudged).
 */
export const DEFAULT_MINUTE_AVAILABILITY = 0.999;

/** One latency target, as a bound on the share of successful requests slower than it. */
export interface MinuteLatencyTarget {
  readonly maxS: number;
  /** 1 − percentile / 100: p99 ≤ maxS holds while at most 1% of successes take longer than maxS. */
  readonly slowShareMax: number;
  /** The user region whose requests it covers; -1: every user region. */
  readonly userRegion: number;
}

/** How a minute is judged: the same for every design of a run. */
export interface MinuteCriterion {
  readonly source: 'slo' | 'default';
  readonly availabilityRatio: number;
  readonly latency: readonly MinuteLatencyTarget[];
}

/** The SLO's targets (availability and latency), or three nines of success without an SLO. */
export function minuteCriterion(slo: SloSpec | undefined, userRegionNames: readonly string[]): MinuteCriterion {
  if (slo === undefined) return { source: 'default', availabilityRatio: DEFAULT_MINUTE_AVAILABILITY, latency: [] };
  const latency: MinuteLatencyTarget[] = [];
  for (const t of slo.latency) {
    const userRegion = t.userRegion === undefined ? -1 : userRegionNames.indexOf(t.userRegion);
    // The loader refuses an unknown region; a target that names none covers nobody here either.
    if (t.userRegion !== undefined && userRegion < 0) continue;
    latency.push({ maxS: t.maxS, slowShareMax: 1 - t.percentile / 100, userRegion });
  }
  return { source: 'slo', availabilityRatio: slo.availabilityRatio, latency };
}

/**
 * The minutes users were outside the SLO, as runs of whole minutes [startMinute, endMinute) on a
 * grid from t = 0 (minute m is [60 m, 60 m + 60) s), ascending and maximal: two runs never touch.
 */
export interface BadMinutes {
  readonly criterion: MinuteCriterion;
  /** Flattened pairs: start, end (exclusive) minute index of each run. */
  readonly runs: readonly number[];
  /** Index of the horizon's last minute (judged on its part when the horizon is not a whole minute). */
  readonly lastMinute: number;
}

/**
 * Judges every minute of the horizon against the criterion, from what the traffic ledger integrates:
 * requests, failures and, per latency target, successful requests in its scope and the part of them
 * slower than its bound. The ledger hands in pieces in time order: either inside one minute, or a
 * block of whole minutes at constant rates (one judgement for the block), so the work per minute is
 * O(1) and a quiet hour costs no more than one interval.
 */
export class SloMinutes {
  readonly criterion: MinuteCriterion;
  private minute = 0;
  private requests = 0;
  private failed = 0;
  /** Per latency target, this minute: successes in scope, and those slower than the bound. */
  private readonly okWeight: Float64Array;
  private readonly slowWeight: Float64Array;
  /** Per latency target, the interval being split (set by the ledger before its pieces). */
  readonly intervalOk: Float64Array;
  readonly intervalSlow: Float64Array;
  /** Successful requests of the interval being split (all regions). */
  intervalSucceeded = 0;
  private readonly runs: number[] = [];

  constructor(criterion: MinuteCriterion) {
    this.criterion = criterion;
    const n = criterion.latency.length;
    this.okWeight = new Float64Array(n);
    this.slowWeight = new Float64Array(n);
    this.intervalOk = new Float64Array(n);
    this.intervalSlow = new Float64Array(n);
  }

  /** Start an interval: the ledger sums its latency totals into intervalOk / intervalSlow, then sets intervalSucceeded. */
  beginInterval(): void {
    this.intervalSucceeded = 0;
    this.intervalOk.fill(0);
    this.intervalSlow.fill(0);
  }

  /** A piece of the current interval inside minute `minute`, with its requests and failures. */
  addPiece(minute: number, requests: number, failed: number): void {
    if (minute !== this.minute) this.closeMinute(minute);
    this.requests += requests;
    this.failed += failed;
    const share = this.latencyShare(requests - failed);
    for (let t = 0; t < this.okWeight.length; t++) {
      this.okWeight[t] += this.intervalOk[t] * share;
      this.slowWeight[t] += this.intervalSlow[t] * share;
    }
  }

  /** Whole minutes [first, end) at constant rates: `requests` and `failed` over all of them. */
  addWholeMinutes(first: number, end: number, requests: number, failed: number): void {
    if (end <= first) return;
    if (first !== this.minute) this.closeMinute(first);
    // Every minute of the block has the same ratios, so the block is judged as one minute.
    this.addPiece(first, requests, failed);
    const bad = this.isBad();
    this.clearMinute();
    if (bad) this.markBad(first, end);
    this.minute = end;
  }

  /** The minutes judged so far, the one still open included (every interval up to horizonS added). Leaves the judge as it was. */
  badMinutes(horizonS: number): BadMinutes {
    const runs = this.runs.slice();
    if (this.isBad()) appendRun(runs, this.minute, this.minute + 1);
    return { criterion: this.criterion, runs, lastMinute: Math.max(0, Math.ceil(horizonS / MINUTE_S) - 1) };
  }

  /**
   * The minutes [fromMinute, toMinute) — one simulated day, the last piece added in its last minute —
   * happen again `times` more times back to back: their judgements repeat, shifted by the day's
   * length each time. The day's last minute is judged now (as the next piece would have), and the
   * judge then waits at the first minute after the copies, its accumulators empty.
   */
  repeatDay(fromMinute: number, toMinute: number, times: number): void {
    if (this.minute !== toMinute - 1) throw new RangeError(`repeatDay: the last piece added was in minute ${this.minute}, not the day's last (${toMinute - 1})`);
    this.closeMinute(toMinute);
    const day: number[] = [];
    const runs = this.runs;
    let k = runs.length - 2;
    while (k >= 0 && runs[k + 1] > fromMinute) k -= 2;
    for (k += 2; k < runs.length; k += 2) day.push(Math.max(fromMinute, runs[k]), runs[k + 1]);
    const lengthMin = toMinute - fromMinute;
    for (let j = 1; j <= times; j++) for (let r = 0; r < day.length; r += 2) appendRun(runs, day[r] + j * lengthMin, day[r + 1] + j * lengthMin);
    this.minute = toMinute + times * lengthMin;
  }

  private latencyShare(succeeded: number): number {
    return this.intervalSucceeded > 0 ? succeeded / this.intervalSucceeded : 0;
  }

  /** Judge the minute being accumulated and move on to `next` (minutes with no piece are impossible: intervals are contiguous). */
  private closeMinute(next: number): void {
    if (this.isBad()) this.markBad(this.minute, this.minute + 1);
    this.clearMinute();
    this.minute = next;
  }

  private isBad(): boolean {
    const { requests, failed, criterion } = this;
    if (requests > 0 && 1 - failed / requests < criterion.availabilityRatio) return true;
    for (let t = 0; t < this.okWeight.length; t++) {
      if (this.okWeight[t] > 0 && this.slowWeight[t] > criterion.latency[t].slowShareMax * this.okWeight[t]) return true;
    }
    return false;
  }

  private clearMinute(): void {
    this.requests = 0;
    this.failed = 0;
    this.okWeight.fill(0);
    this.slowWeight.fill(0);
  }

  private markBad(start: number, end: number): void {
    appendRun(this.runs, start, end);
  }
}

/**
 * Minutes outside the SLO within [fromS, toS) (the measured window: warm-up to horizon): the bad
 * runs' time inside it, in minutes. A minute cut by the window counts its part, so N whole bad
 * minutes after warm-up count N exactly, and a horizon that ends mid-minute counts what it judged.
 */
export function minutesWithin(bad: BadMinutes, fromS: number, toS: number): number {
  let s = 0;
  for (let k = 0; k < bad.runs.length; k += 2) {
    const a = Math.max(fromS, bad.runs[k] * MINUTE_S);
    const b = Math.min(toS, bad.runs[k + 1] * MINUTE_S);
    if (b > a) s += b - a;
  }
  return s / MINUTE_S;
}

/** Append the run [start, end) of minutes, merged with the last one when they touch. */
function appendRun(runs: number[], start: number, end: number): void {
  const n = runs.length;
  if (n > 0 && runs[n - 1] === start) runs[n - 1] = end;
  else runs.push(start, end);
}

/** Share of a latency estimate's successful requests slower than maxS, its points shifted by rttS. */
export function slowShare(points: Float64Array, rttS: number, maxS: number): number {
  // Points are ascending quantiles: count those above maxS − rttS (first index past it, by bisection).
  const bound = maxS - rttS;
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid] > bound) hi = mid;
    else lo = mid + 1;
  }
  return points.length > 0 ? (points.length - lo) / points.length : 0;
}
