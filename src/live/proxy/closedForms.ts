/**
 * Closed forms the proxy experiments are put beside. Worked out by hand, not by the simulator;
 * the tests re-derive them independently.
 *
 * A share q of the pool is dead (D of N backends), each attempt's server is drawn uniformly:
 * - Independent attempts (what a simple retry model assumes): a request fails only if all k
 *   attempts fail, success 1 − q^k; attempts per request 1 + q + … + q^(k−1) = (1 − q^k)/(1 − q).
 * - HAProxy's redispatch avoids the server that just failed: after a failure the next pick is
 *   uniform over the N − 1 others, dead with probability r = (D − 1)/(N − 1). Success
 *   1 − q·r^(k−1); attempts per request 1 + q·(1 + r + … + r^(k−2)).
 *   With one dead backend (r = 0) one retry always succeeds.
 * - Bounded concurrency (Little's law at saturation): N backends serving c requests each for S
 *   seconds complete at most N·c/S requests per second; goodput = min(offered, N·c/S).
 */
export function independentSuccess(q: number, attempts: number): number {
  return 1 - q ** attempts;
}

export function independentAmplification(q: number, attempts: number): number {
  return q === 1 ? attempts : (1 - q ** attempts) / (1 - q);
}

/** r: the chance a redispatched attempt lands on a dead backend, avoiding the one that just failed. */
export function redispatchMissShare(dead: number, backends: number): number {
  return backends <= 1 ? 1 : Math.max(0, dead - 1) / (backends - 1);
}

export function redispatchSuccess(dead: number, backends: number, attempts: number): number {
  const q = dead / backends;
  return 1 - q * redispatchMissShare(dead, backends) ** (attempts - 1);
}

export function redispatchAmplification(dead: number, backends: number, attempts: number): number {
  const q = dead / backends;
  const r = redispatchMissShare(dead, backends);
  let extra = 0;
  for (let j = 0; j < attempts - 1; j++) extra += r ** j;
  return 1 + q * extra;
}

/** Requests per second N backends of concurrency c and service time S can complete. */
export function poolCapacityPerS(backends: number, concurrency: number, serviceMs: number): number {
  return (backends * concurrency * 1000) / serviceMs;
}
