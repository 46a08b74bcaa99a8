import type { Distribution } from '../../engine/distributions.js';
import { erlangB } from '../queueing/erlangC.js';
import { erlangCMemo } from '../queueing/erlangCMemo.js';

/**
 * One service's pods in one cluster as a queue: c = ready pods × concurrency per pod servers, each
 * serving at μ = 1 / mean service time. Waiting follows Erlang C; for non-exponential service times
 * the wait is scaled by (1 + cs²)/2 (the Allen–Cunneen M/G/c approximation), and its conditional
 * distribution is taken as exponential. Above `maxUtilization` the pool sheds the excess (a load
 * shedder or a bounded queue in front of the pods): shed requests fail immediately. The other
 * shedding policies (designs[].traffic.shedding) are a finite queue (finiteQueuePoolState, below) and
 * an unbounded one (poolState at maxUtilization 1); past capacity both are overload.ts's backlogs.
 */
export const MAX_UTILIZATION = 0.95;

export interface PoolState {
  /** Offered rate, requests per second (after dead endpoints took their share). */
  offeredPerS: number;
  admittedPerS: number;
  servers: number;
  utilization: number;
  /** Probability an admitted request waits. */
  pWait: number;
  /** Rate of the exponential conditional wait, 1/s (Infinity when no one waits). */
  waitRatePerS: number;
  /** Time a request spends here on top of its service and wait: an impairment's added latency (0 normally). */
  extraLatencyS: number;
}

/** `maxUtilization`: the utilization shedding policy's threshold (the default keeps fleetsim's 95%). */
export function poolState(offeredPerS: number, servers: number, meanServiceS: number, scv: number, out: PoolState, maxUtilization = MAX_UTILIZATION): PoolState {
  out.offeredPerS = offeredPerS;
  out.servers = servers;
  if (servers <= 0) {
    out.admittedPerS = 0;
    out.utilization = 0;
    out.pWait = 0;
    out.waitRatePerS = Number.POSITIVE_INFINITY;
    return out;
  }
  const mu = 1 / meanServiceS;
  const capacity = maxUtilization * servers * mu;
  const admitted = Math.min(offeredPerS, capacity);
  out.admittedPerS = admitted;
  out.utilization = admitted / (servers * mu);
  if (admitted <= 0) {
    out.pWait = 0;
    out.waitRatePerS = Number.POSITIVE_INFINITY;
    return out;
  }
  out.pWait = erlangCMemo(admitted / mu, servers);
  out.waitRatePerS = ((servers * mu - admitted) * 2) / (1 + scv);
  return out;
}

/**
 * The M/M/c/K queue in steady state: c servers, at most `queueSlots` waiting (K = c + queueSlots in
 * the system), Poisson arrivals at λ, exponential service at μ. With a = λ/μ, r = a/c and the
 * stationary weights t_n (t_n = a^n/n! for n ≤ c, t_c r^(n−c) above), everything is relative to t_c:
 * Σ_{n≤c} t_n / t_c = 1 / ErlangB(c, a) (the stable recursion), and the queue's part is the
 * geometric sums g = Σ_{m=1..Q} r^m, h = Σ m r^m. Blocking p_K = r^Q / (1/B + g); an admitted
 * arrival waits with (P(n ≥ c) − p_K)/(1 − p_K), P(n ≥ c) = (1 + g)/(1/B + g); the mean wait by
 * Little's law, W = L_q / (λ (1 − p_K)) with L_q = h / (1/B + g). When r > 1 every term is divided
 * by r^Q first, so that nothing overflows however long the queue.
 */
export interface FiniteQueue {
  /** Share of arrivals refused because the queue is full (p_K). */
  blocking: number;
  /** Probability an admitted arrival waits. */
  pWait: number;
  /** Mean wait of an admitted arrival, s. */
  meanWaitS: number;
}

export function finiteQueue(offeredPerS: number, servers: number, queueSlots: number, meanServiceS: number, out: FiniteQueue): FiniteQueue {
  const a = offeredPerS * meanServiceS;
  if (!(a > 0) || servers <= 0) {
    out.blocking = servers <= 0 ? 1 : 0;
    out.pWait = 0;
    out.meanWaitS = 0;
    return out;
  }
  const b = erlangB(a, servers);
  const r = a / servers;
  const q = Math.max(0, Math.floor(queueSlots));
  let invB: number; // 1/B, scaled like g and h
  let g: number;
  let h: number;
  let top: number; // r^Q, scaled
  if (r <= 1) {
    invB = 1 / b;
    g = powerSum(r, q);
    h = weightedPowerSum(r, q);
    top = Math.pow(r, q);
  } else {
    // Divided by r^Q: Σ_{m=1..Q} r^(m−Q) = Σ_{j=0..Q−1} s^j, Σ m r^(m−Q) = Σ (Q − j) s^j, s = 1/r.
    const s = 1 / r;
    invB = Math.exp(-Math.log(b) - q * Math.log(r));
    g = q > 0 ? 1 + powerSum(s, q - 1) : 0;
    h = q > 0 ? q * g - weightedPowerSum(s, q - 1) : 0;
    top = 1;
  }
  const total = invB + g;
  const blocking = q > 0 ? top / total : b;
  const atLeastC = r <= 1 ? (1 + g) / total : (q > 0 ? (Math.exp(-q * Math.log(r)) + g) / total : b);
  out.blocking = blocking;
  out.pWait = blocking < 1 ? Math.max(0, (atLeastC - blocking) / (1 - blocking)) : 0;
  const lq = h / total;
  out.meanWaitS = blocking < 1 && offeredPerS > 0 ? lq / (offeredPerS * (1 - blocking)) : 0;
  return out;
}

/** Σ_{m=1..n} x^m for 0 ≤ x ≤ 1. */
function powerSum(x: number, n: number): number {
  if (n <= 0) return 0;
  if (n <= 2048 || Math.abs(1 - x) < 1e-7) return loopSum(x, n, false);
  return (x * -Math.expm1(n * Math.log(x))) / (1 - x);
}

/** Σ_{m=1..n} m x^m for 0 ≤ x ≤ 1. */
function weightedPowerSum(x: number, n: number): number {
  if (n <= 0) return 0;
  if (n <= 2048 || Math.abs(1 - x) < 1e-7) return loopSum(x, n, true);
  const xn = Math.exp(n * Math.log(x));
  return (x * (1 - (n + 1) * xn + n * xn * x)) / ((1 - x) * (1 - x));
}

function loopSum(x: number, n: number, weighted: boolean): number {
  let sum = 0;
  let p = 1;
  for (let m = 1; m <= n; m++) {
    p *= x;
    if (p === 0) break;
    sum += weighted ? m * p : p;
  }
  return sum;
}

const scratchQueue: FiniteQueue = { blocking: 0, pWait: 0, meanWaitS: 0 };

/**
 * A pool under the queueLength shedding policy in steady state (its offered load below capacity and
 * no backlog: overload.ts takes over otherwise): M/M/c/K blocking and mean wait, the wait scaled by
 * (1 + cs²)/2 for other service times like poolState's, its conditional distribution taken as
 * exponential. Returns the share of arrivals refused (the queue was full).
 */
export function finiteQueuePoolState(offeredPerS: number, servers: number, queueSlots: number, meanServiceS: number, scv: number, out: PoolState): number {
  out.offeredPerS = offeredPerS;
  out.servers = servers;
  const fq = finiteQueue(offeredPerS, servers, queueSlots, meanServiceS, scratchQueue);
  const admitted = servers > 0 ? offeredPerS * (1 - fq.blocking) : 0;
  out.admittedPerS = admitted;
  out.utilization = servers > 0 ? (admitted * meanServiceS) / servers : 0;
  const waitS = (fq.meanWaitS * (1 + scv)) / 2;
  if (admitted <= 0 || fq.pWait <= 0 || waitS <= 0) {
    out.pWait = 0;
    out.waitRatePerS = Number.POSITIVE_INFINITY;
  } else {
    out.pWait = fq.pWait;
    out.waitRatePerS = fq.pWait / waitS;
  }
  return servers > 0 ? fq.blocking : 1;
}

/** Squared coefficient of variation of a service-time distribution (1 for exponential). */
export function squaredCv(d: Distribution): number {
  const m = d.mean();
  return m > 0 ? d.variance() / (m * m) : 0;
}

/**
 * The inverse CDF tabulated at 1024 points, linearly interpolated: latency sampling draws millions
 * of service times and the closed-form quantile (normal inverse) is too slow for that.
 */
let nextTableSerial = 0;

export class QuantileTable {
  private readonly values: Float64Array;
  private readonly n: number;
  /** Unique per table made in this thread (what a cache of results computed from the table keys it by). */
  readonly serial = nextTableSerial++;

  constructor(d: Distribution, points = 1024) {
    this.n = points;
    this.values = new Float64Array(points + 1);
    for (let i = 0; i < points; i++) this.values[i] = d.quantile((i + 0.5) / points);
    this.values[points] = this.values[points - 1];
  }

  /** The table's points, seconds, ascending (read-only: the lattice discretization reads them). */
  get pointsS(): Float64Array {
    return this.values.subarray(0, this.n);
  }

  /** The mean of the distribution at() draws from (atoms of 1/2n at the ends, uniform pieces between). */
  get meanS(): number {
    const v = this.values;
    const n = this.n;
    let sum = (v[0] + v[n - 1]) / 2;
    for (let i = 0; i + 1 < n; i++) sum += (v[i] + v[i + 1]) / 2;
    return sum / n;
  }

  at(u: number): number {
    const x = u * this.n - 0.5;
    if (x <= 0) return this.values[0];
    const i = Math.floor(x);
    const f = x - i;
    return this.values[i] + f * (this.values[i + 1] - this.values[i]);
  }

  /**
   * The table's CDF at x, the inverse of at(): 0 below the first point, 1 from the last, linear in
   * between (timeouts.ts reads the tail P(S > x) = 1 − cdf(x) from it).
   */
  cdf(x: number): number {
    const v = this.values;
    const n = this.n;
    if (x < v[0]) return 0;
    if (x >= v[n - 1]) return 1;
    let lo = 0;
    let hi = n - 1; // v[lo] ≤ x < v[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v[mid] <= x) lo = mid;
      else hi = mid;
    }
    const f = (x - v[lo]) / (v[hi] - v[lo]);
    return (lo + 0.5 + f) / n;
  }
}
