/**
 * Closed forms for the M/M/c queue (Poisson arrivals at rate λ, exponential service at rate μ per
 * server, c servers, FIFO, infinite buffer). Used as the independent reference the simulated queue
 * is validated against, and by the fluid traffic model.
 */
export interface MmcParams {
  arrivalRatePerS: number;
  serviceRatePerS: number;
  servers: number;
}

export interface MmcMetrics {
  /** Offered load a = λ/μ, in Erlangs. */
  offeredLoad: number;
  /** Server utilization ρ = λ/(cμ). */
  utilization: number;
  /** Probability an arrival waits (Erlang C). */
  pWait: number;
  /** Mean time in queue, seconds. */
  meanWaitS: number;
  /** Mean time in system (queue + service), seconds. */
  meanResponseS: number;
  /** Mean number waiting. */
  meanQueueLength: number;
}

function check(p: MmcParams): void {
  const { arrivalRatePerS: lambda, serviceRatePerS: mu, servers: c } = p;
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`arrival rate must be >= 0, got ${lambda}`);
  if (!(mu > 0 && Number.isFinite(mu))) throw new RangeError(`service rate must be > 0, got ${mu}`);
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`servers must be a positive integer, got ${c}`);
}

/** Erlang B blocking probability by the stable recursion B(k) = aB(k−1) / (k + aB(k−1)). */
export function erlangB(offeredLoad: number, servers: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/** Erlang C: probability that an arrival must wait. 1 when the queue is unstable (ρ ≥ 1). */
export function erlangC(offeredLoad: number, servers: number): number {
  const rho = offeredLoad / servers;
  if (rho >= 1) return 1;
  const b = erlangB(offeredLoad, servers);
  return b / (1 - rho * (1 - b));
}

export function mmcMetrics(p: MmcParams): MmcMetrics {
  check(p);
  const a = p.arrivalRatePerS / p.serviceRatePerS;
  const rho = a / p.servers;
  if (rho >= 1) {
    return {
      offeredLoad: a,
      utilization: rho,
      pWait: 1,
      meanWaitS: Number.POSITIVE_INFINITY,
      meanResponseS: Number.POSITIVE_INFINITY,
      meanQueueLength: Number.POSITIVE_INFINITY,
    };
  }
  const pWait = erlangC(a, p.servers);
  const drainRate = p.servers * p.serviceRatePerS - p.arrivalRatePerS;
  const meanWaitS = pWait / drainRate;
  return {
    offeredLoad: a,
    utilization: rho,
    pWait,
    meanWaitS,
    meanResponseS: meanWaitS + 1 / p.serviceRatePerS,
    meanQueueLength: p.arrivalRatePerS * meanWaitS,
  };
}

/** P(wait > t): the M/M/c waiting time is 0 with probability 1 − C, else exponential at rate cμ − λ. */
export function mmcWaitExceedance(p: MmcParams, tS: number): number {
  const m = mmcMetrics(p);
  if (m.utilization >= 1) return 1;
  if (tS < 0) return 1;
  return m.pWait * Math.exp(-(p.servers * p.serviceRatePerS - p.arrivalRatePerS) * tS);
}

/** The q-quantile of the waiting time (0 when q ≤ 1 − C). */
export function mmcWaitQuantile(p: MmcParams, q: number): number {
  const m = mmcMetrics(p);
  if (m.utilization >= 1) return Number.POSITIVE_INFINITY;
  if (q <= 1 - m.pWait) return 0;
  return Math.log(m.pWait / (1 - q)) / (p.servers * p.serviceRatePerS - p.arrivalRatePerS);
}
