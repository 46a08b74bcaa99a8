import type { Distribution } from '../../engine/distributions.js';
import { erlangC } from '../queueing/erlangC.js';

/**
 * One service's pods in one cluster as a queue: c = ready pods × concurrency per pod servers, each
 * serving at μ = 1 / mean service time. Waiting follows Erlang C; for non-exponential service times
 * the wait is scaled by (1 + cs²)/2 (the Allen–Cunneen M/G/c approximation), and its conditional
 * distribution is taken as exponential. Above `maxUtilization` the pool sheds the excess (a load
 * shedder or a bounded queue in front of the pods): shed requests fail immediately.
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

export function poolState(offeredPerS: number, servers: number, meanServiceS: number, scv: number, out: PoolState): PoolState {
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
  const capacity = MAX_UTILIZATION * servers * mu;
  const admitted = Math.min(offeredPerS, capacity);
  out.admittedPerS = admitted;
  out.utilization = admitted / (servers * mu);
  if (admitted <= 0) {
    out.pWait = 0;
    out.waitRatePerS = Number.POSITIVE_INFINITY;
    return out;
  }
  out.pWait = erlangC(admitted / mu, servers);
  out.waitRatePerS = ((servers * mu - admitted) * 2) / (1 + scv);
  return out;
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
export class QuantileTable {
  private readonly values: Float64Array;
  private readonly n: number;

  constructor(d: Distribution, points = 1024) {
    this.n = points;
    this.values = new Float64Array(points + 1);
    for (let i = 0; i < points; i++) this.values[i] = d.quantile((i + 0.5) / points);
    this.values[points] = this.values[points - 1];
  }

  at(u: number): number {
    const x = u * this.n - 0.5;
    if (x <= 0) return this.values[0];
    const i = Math.floor(x);
    const f = x - i;
    return this.values[i] + f * (this.values[i + 1] - this.values[i]);
  }
}
