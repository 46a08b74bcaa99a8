import type { BackoffSpec } from '../../scenario/specs/retries.js';
import type { FleetNetwork } from './network.js';
import type { PoolState, QuantileTable } from './pool.js';
import type { HopRetry } from './retryModel.js';
import type { CallRoutes } from './routing.js';
import type { ServiceModel } from './serviceModel.js';

/**
 * Per-try and overall timeouts in the fluid model (docs/traffic/retries-timeouts-overload.md).
 *
 * A served attempt's response time is R = W + S + X, W its wait for a server, S its own service
 * time, X the fixed rest (an impairment's added latency and the mean time of its synchronous calls).
 * It times out when R > T: P(R > T) = E_S[P(W > T − X − S)]. W is a fixed part w0 (the wait behind an
 * overload backlog, overload.ts) plus, with probability pWait, an exponential wait of rate α (the
 * pool's Erlang C / M/M/c/K form). With a = T − X − w0:
 *   P(R > T) = P(S > a) + pWait · ∫_{S<a} e^(−α (a − s)) dF(s),
 * the tail read from the service time's quantile table (pool.ts QuantileTable.cdf), the integral
 * over TIMEOUT_POINTS segments of S below a (see timeoutShare).
 */

/** Segments of the service time the timeout integral uses. */
export const TIMEOUT_POINTS = 48;

/** Probability that a served attempt outlives `limitS` (see above); 0 when there is no limit. */
export function timeoutShare(limitS: number, extraS: number, fixedWaitS: number, pWait: number, waitRatePerS: number, quantiles: QuantileTable, points = TIMEOUT_POINTS): number {
  if (!Number.isFinite(limitS)) return 0;
  const a = limitS - extraS - fixedWaitS;
  if (a <= 0) return 1;
  const below = quantiles.cdf(a);
  let share = 1 - below;
  const alpha = waitRatePerS;
  if (pWait > 0 && Number.isFinite(alpha) && below > 0) {
    // Segments of equal width in s over [S's smallest tabulated value, min(a, its largest)], the
    // density taken as constant within each (the CDF's rise over it): the exponential factor is
    // then integrated exactly, so a fast-decaying wait (large α) costs no accuracy.
    const lo = quantiles.at(0);
    const hi = Math.min(a, quantiles.at(1));
    if (hi > lo) {
      const h = (hi - lo) / points;
      let fPrev = quantiles.cdf(lo);
      let ePrev = Math.exp(-alpha * (a - lo));
      let integral = fPrev * ePrev; // the little mass below the first tabulated value, taken at it
      for (let i = 1; i <= points; i++) {
        const sI = i === points ? hi : lo + i * h;
        const fI = quantiles.cdf(sI);
        const eI = Math.exp(-alpha * (a - sI));
        // ∫ e^(−α (a − s)) (ΔF / h) ds over the segment.
        integral += alpha * h > 1e-9 ? ((fI - fPrev) * (eI - ePrev)) / (alpha * h) : (fI - fPrev) * eI;
        fPrev = fI;
        ePrev = eI;
      }
      share += pWait * integral;
    } else share += pWait * below * Math.exp(-alpha * Math.max(0, a - lo));
  }
  return Math.min(1, Math.max(0, share));
}

/** Largest pause before retry n (1-based): min(maxS, baseS × (2^n − 1)), Envoy's jittered back-off bound. */
export function maxBackoffS(backoff: BackoffSpec, n: number): number {
  return Math.min(backoff.maxS, backoff.baseS * (Math.pow(2, n) - 1));
}

/**
 * Attempts that fit in the overall timeout (retry.timeoutS), an approximation: retry n is made only
 * if the worst case of the attempts before it and their pauses, Σ_{i<n} (τ + max pause before
 * retry i), is below timeoutS, where τ is the longest a retried failure can take: 0 for dead
 * endpoints and shedding (a refused connect, a fast 503), T for a per-try timeout, and for an
 * impaired answer T, or without a per-try timeout `servedS` (the mean served response time). A
 * request whose last fitting attempt fails in a retried way ends on the overall timeout.
 */
export function attemptsWithin(retry: HopRetry, servedS: number): number {
  const limit = retry.timeoutS;
  if (limit === undefined || retry.attempts <= 1) return retry.attempts;
  const T = retry.perTryTimeoutS;
  let tau = 0;
  if (retry.retryTimeout) tau = Math.max(tau, T ?? limit);
  if (retry.retryImpaired) tau = Math.max(tau, T ?? servedS);
  let elapsedS = 0;
  let n = 1;
  while (n < retry.attempts) {
    elapsedS += tau + maxBackoffS(retry.backoff, n);
    if (elapsedS >= limit) break;
    n++;
  }
  return n;
}

/** Largest time one attempt may take: the per-try timeout, cut by the overall one (Infinity: none). */
export function attemptLimitS(retry: HopRetry | undefined): number {
  if (retry === undefined) return Number.POSITIVE_INFINITY;
  return Math.min(retry.perTryTimeoutS ?? Number.POSITIVE_INFINITY, retry.timeoutS ?? Number.POSITIVE_INFINITY);
}

/** Mean wait of a pool in its Erlang form (P(wait) / rate; an overload backlog is written in that form too). */
function meanWaitS(pool: PoolState): number {
  return pool.pWait > 0 && Number.isFinite(pool.waitRatePerS) ? pool.pWait / pool.waitRatePerS : 0;
}

/**
 * Per group, the mean time a request spends on its synchronous calls (the X of a timeout besides an
 * impairment's latency), callees first: sequential calls add callsPerRequest × the route's mean of
 * (RTT + the callee's mean wait + its mean service + added latency + its own calls); the parallel
 * calls of a request last as long as the slowest, taken as the largest of their means (each counted
 * when its callsPerRequest ≥ 1, scaled below: the simpler bound, an underestimate of E[max]); async
 * calls take none. The time of the callee's own retries is not counted. `withWaits` false: the
 * waits are left out (the first pass, before any pool has been evaluated). `extraLatencyS` per group
 * (TrafficImpairments.extraLatencyS). Returns whether any moved.
 */
export function callTimesS(services: ServiceModel, network: FleetNetwork, routes: CallRoutes, pools: readonly PoolState[], extraLatencyS: ArrayLike<number>, clusters: ArrayLike<number>, withWaits: boolean, out: Float64Array): boolean {
  const clusterCount = network.clusterCount;
  const order = services.callersFirst;
  let moved = false;
  for (let ti = order.length - 1; ti >= 0; ti--) {
    const s = order[ti];
    const calls = services.calls[s];
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      const group = s * clusterCount + c;
      let sequentialS = 0;
      let parallelS = 0;
      for (let j = 0; j < calls.length; j++) {
        const call = calls[j];
        if (call.mode === 'async') continue;
        const route = routes.routeOf(call.service, c);
        let perCallS = 0;
        for (let i = 0; i < route.clusters.length; i++) {
          const to = route.clusters[i];
          const callee = call.service * clusterCount + to;
          const pool = pools[callee];
          perCallS += route.weights[i] * (network.rttMs(c, to) / 1000 + (withWaits ? meanWaitS(pool) : 0) + services.meanServiceS[call.service] + extraLatencyS[callee] + out[callee]);
        }
        if (call.mode === 'parallel') parallelS = Math.max(parallelS, Math.min(1, call.callsPerRequest) * perCallS);
        else sequentialS += call.callsPerRequest * perCallS;
      }
      const total = sequentialS + parallelS;
      if (Math.abs(total - out[group]) > 1e-12 * Math.max(total, 1e-9)) moved = true;
      out[group] = total;
    }
  }
  return moved;
}
