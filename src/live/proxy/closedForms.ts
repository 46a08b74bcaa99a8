import jstatPkg from 'jstat';

const { jStat } = jstatPkg;

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

/**
 * Per-try timeout T on a heavy-tailed service time (the per-try-timeout experiment). The service
 * time is lognormal with median m and p99 p (σ = ln(p/m)/z₀.₉₉); at low load the wait is ~0, so an
 * attempt times out with τ = P(S > T) = 1 − Φ(ln(T/m)/σ), independently of the server (every
 * backend draws the same distribution), so HAProxy's redispatch changes nothing here:
 * - success 1 − τ^k, attempts per request (1 − τ^k)/(1 − τ) (as independent attempts above);
 * - a success after j timed-out attempts takes j·T + S with S drawn below T: latency of the
 *   successes is the mixture Σ_j w_j·(jT + S | S ≤ T), w_j ∝ τ^j (1 − τ), j < k. Its p99 is found by
 *   bisection; with k = 1 it sits under T (the timeout caps it), with retries under k·T.
 */
const Z99 = 2.3263478740408408;

export function lognormalSigma(medianMs: number, p99Ms: number): number {
  return Math.log(p99Ms / medianMs) / Z99;
}

/** P(S ≤ x) for the lognormal of median m and p99 p. */
export function lognormalCdf(xMs: number, medianMs: number, p99Ms: number): number {
  return xMs <= 0 ? 0 : jStat.normal.cdf(Math.log(xMs / medianMs) / lognormalSigma(medianMs, p99Ms), 0, 1);
}

/** τ: the share of attempts that outlive the per-try timeout T. */
export function timeoutShare(medianMs: number, p99Ms: number, perTryTimeoutMs: number): number {
  return 1 - lognormalCdf(perTryTimeoutMs, medianMs, p99Ms);
}

/** The q-quantile of the successful requests' latency (ms) with k attempts, per-try timeout T. */
export function perTryLatencyQuantileMs(medianMs: number, p99Ms: number, perTryTimeoutMs: number, attempts: number, q: number): number {
  const tau = timeoutShare(medianMs, p99Ms, perTryTimeoutMs);
  const below = 1 - tau;
  const weights = Array.from({ length: attempts }, (_, j) => tau ** j);
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf = (x: number) => weights.reduce((acc, w, j) => acc + (w / total) * Math.min(1, lognormalCdf(x - j * perTryTimeoutMs, medianMs, p99Ms) / below), 0);
  let lo = 0;
  let hi = attempts * perTryTimeoutMs;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Metastable retry storm (semantics §5), the closed-form condition: once a trigger has pushed the
 * waits past the per-try timeout, every attempt times out and is retried, so the pool is offered
 * λ·k against its capacity c = N·c_b/S. λ·k > c: the backlog keeps growing after the trigger ends
 * and goodput stays ~0 (the storm persists); λ·k ≤ c (one attempt with λ < c, say): the backlog
 * drains at c − λ·k and goodput returns to λ.
 */
export function stormPersists(ratePerS: number, attempts: number, capacityPerS: number): boolean {
  return ratePerS * attempts > capacityPerS;
}
