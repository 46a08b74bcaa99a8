import type { RetryPolicySpec } from '../../scenario/types.js';
import type { RetryOn } from '../../scenario/specs/retries.js';
import type { LatencyResult } from './latencyMonteCarlo.js';
import { noFailures, type FailureCause, type FailureCounts } from './rates.js';
import { attemptsPerRequest } from './retryModel.js';

/**
 * Users' own retries (designs[].traffic.clientRetries): a user whose request failed sends it again
 * through the global ingress, in closed form (docs/traffic/spillover-client-retries.md).
 *
 * One attempt through a route succeeds with probability s or fails with a cause (FailureCause). A
 * failure whose cause answers to the policy's retryOn (CLIENT_RETRY_CONDITION) leads to another
 * attempt, up to `attempts` in all; the others end the request. Which cluster a retry reaches:
 * - DNS (`freshPick`): the client keeps its cached answer and picks among it again, so every
 *   attempt is an independent draw over the route's clusters and their outcomes: the route acts as
 *   one place with s̄ = Σ wᵢ sᵢ and retried-failure probability q̄ = Σ wᵢ qᵢ.
 * - anycast (`samePick`): the user reaches the same cluster again (the ingress's health view and
 *   the spill-over shares do not change between attempts in a steady state), so its attempts are
 *   independent draws at that one cluster: the outcome is Σ wᵢ × (the outcome at i alone).
 * Either way a single-cluster answer gives the same result. At one place with per-attempt success s
 * and retried-failure probability q, a request makes A = 1 + x + … + x^(k−1) attempts (x = q, or
 * less under a retry budget: budgetedShare), succeeds with s × A, ends on a non-retried
 * cause c with f_c × A and on a retried one with (1 − (1 − q) A) × f_c / q (q^k without a budget).
 *
 * A per-try timeout T (perTryTimeoutS) turns the successes slower than T into `timeout` failures
 * that took T (the cluster still does the work); the successes kept are those within T
 * (TruncatedLatencies). Not modelled at the client: the overall timeout (timeoutS) and
 * avoidPreviousHosts (a DNS client that skips addresses it already tried); see the doc.
 */

export const FAILURE_CAUSES: readonly FailureCause[] = ['unroutable', 'deadEndpoint', 'shed', 'noReplica', 'impaired', 'timeout'];

/**
 * The retry condition each failure answers to at the client. A request that reached no server
 * (`unroutable`: no cluster, a dead data plane, a cut link, a down load balancer; `noReplica`: no
 * pod to take it) fails like a refused connection, so it is retried as a `deadEndpoint`.
 */
export const CLIENT_RETRY_CONDITION: Readonly<Record<FailureCause, RetryOn>> = {
  unroutable: 'deadEndpoint',
  deadEndpoint: 'deadEndpoint',
  noReplica: 'deadEndpoint',
  shed: 'shed',
  impaired: 'impaired',
  timeout: 'timeout',
};

/** The fluid model's view of a client retry policy. */
export interface ClientRetry {
  readonly attempts: number;
  /** Per cause (FAILURE_CAUSES order): whether the client retries it. */
  readonly retried: Readonly<Record<FailureCause, boolean>>;
  /** Largest attempts per request a retry budget b allows, 1/(1 − b) (Infinity: no budget), as at the mesh's hops (retryModel.ts). */
  readonly maxAttemptsPerRequest: number;
  /** Mean pause before retry n (index n − 1), s: half of min(maxS, baseS × (2^n − 1)). */
  readonly meanBackoffS: Float64Array;
  readonly pick: 'freshPick' | 'samePick';
  /** Largest time of one attempt, s (Infinity: none). */
  readonly perTryTimeoutS: number;
}

/** undefined when the policy changes nothing (none; or one attempt or nothing retried, and no per-try timeout). */
export function clientRetry(policy: RetryPolicySpec | undefined, ingress: 'dns' | 'anycast'): ClientRetry | undefined {
  if (policy === undefined) return undefined;
  const retries = policy.attempts > 1 && policy.retryOn.length > 0;
  // A per-try timeout acts even when nothing is retried (a plain client timeout).
  if (!retries && policy.perTryTimeoutS === undefined) return undefined;
  const retried = {} as Record<FailureCause, boolean>;
  for (const c of FAILURE_CAUSES) retried[c] = policy.retryOn.includes(CLIENT_RETRY_CONDITION[c]);
  const attempts = retries ? policy.attempts : 1;
  const b = policy.budgetRatio;
  const maxAttemptsPerRequest = b === undefined || b >= 1 ? Number.POSITIVE_INFINITY : 1 / (1 - b);
  const meanBackoffS = Float64Array.from({ length: attempts - 1 }, (_, i) => Math.min(policy.backoff.maxS, policy.backoff.baseS * (Math.pow(2, i + 1) - 1)) / 2);
  return { attempts, retried, maxAttemptsPerRequest, meanBackoffS, pick: ingress === 'dns' ? 'freshPick' : 'samePick', perTryTimeoutS: policy.perTryTimeoutS ?? Number.POSITIVE_INFINITY };
}

/** One attempt at one cluster: success probability, failure probability by cause (together 1), and the user's RTT to it. */
export interface AttemptOutcome {
  readonly success: number;
  readonly failed: FailureCounts;
  readonly rttS: number;
}

/** What retrying over a route gives, per request. */
export interface RouteRetryOutcome {
  success: number;
  /** Probability the request ends failed, by its last cause (sums to 1 − success). */
  readonly failed: FailureCounts;
  /** Attempts per request. */
  attempts: number;
  /** Per route cluster: attempts per request that reach it (the entry load's amplification there). */
  readonly attemptsAt: Float64Array;
  /** Per route cluster i and attempt j (0-based), flat i × attempts + j: probability the request succeeds there, on that attempt. */
  readonly successAt: Float64Array;
  /** The same layout: time spent before that attempt (failed attempts' RTTs and backoff pauses), s. */
  readonly delayBeforeS: Float64Array;
}

function retriedProbability(retry: ClientRetry, failed: FailureCounts): number {
  let q = 0;
  for (const c of FAILURE_CAUSES) if (retry.retried[c]) q += failed[c];
  return q;
}

/**
 * Attempts at one place, each independent with `success` and `failed`: adds weight × the request's
 * final outcome to `out` (success and failed) and returns [attempts per request, x] with x the
 * probability an attempt leads to another.
 */
function atOnePlace(retry: ClientRetry, success: number, failed: FailureCounts, weight: number, out: RouteRetryOutcome): [number, number] {
  const q = retriedProbability(retry, failed);
  const x = budgetedShare(q, retry);
  const a = attemptsPerRequest(x, retry.attempts);
  // The last attempt, or a retry the budget did not allow, ends on a retried cause.
  const endRetried = q > 0 ? Math.max(0, 1 - (1 - q) * a) : 0;
  out.success += weight * success * a;
  for (const c of FAILURE_CAUSES) out.failed[c] += weight * (retry.retried[c] ? (q > 0 ? (endRetried * failed[c]) / q : 0) : failed[c] * a);
  return [a, x];
}

/**
 * Mean time of a retried failed attempt at a place: its round trip, or the per-try timeout for one
 * that timed out (the client waited that long).
 */
function failedAttemptS(retry: ClientRetry, o: AttemptOutcome): number {
  let q = 0;
  let timeS = 0;
  for (const c of FAILURE_CAUSES) {
    if (!retry.retried[c] || !(o.failed[c] > 0)) continue;
    q += o.failed[c];
    timeS += o.failed[c] * (c === 'timeout' && Number.isFinite(retry.perTryTimeoutS) ? retry.perTryTimeoutS : o.rttS);
  }
  return q > 0 ? timeS / q : 0;
}

/**
 * The probability x that an attempt leads to another: q, or under a budget the x ≤ q at which the
 * attempts per request reach its cap (bisection: they grow with x), as retryModel.retriedShare does
 * at the mesh's hops.
 */
function budgetedShare(q: number, retry: ClientRetry): number {
  const cap = retry.maxAttemptsPerRequest;
  if (q <= 0 || attemptsPerRequest(q, retry.attempts) <= cap) return q;
  let lo = 0;
  let hi = q;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (attemptsPerRequest(mid, retry.attempts) > cap) hi = mid;
    else lo = mid;
  }
  return lo;
}

/** Time before attempt j + 1 after j failed attempts of mean time `failedS` each, backoffs included. */
function delayBefore(retry: ClientRetry, j: number, failedS: number): number {
  let s = j * failedS;
  for (let n = 0; n < j; n++) s += retry.meanBackoffS[n];
  return s;
}

/**
 * A request retried over a route (clusters with weights; weights summing to less than 1 leave the
 * rest nowhere: unroutable, which no retry mends). `outcomes[i]` is one attempt at route cluster i.
 */
export function retriedOverRoute(retry: ClientRetry, weights: ArrayLike<number>, outcomes: readonly AttemptOutcome[]): RouteRetryOutcome {
  const n = weights.length;
  const k = retry.attempts;
  const out: RouteRetryOutcome = {
    success: 0,
    failed: noFailures(),
    attempts: 0,
    attemptsAt: new Float64Array(n),
    successAt: new Float64Array(n * k),
    delayBeforeS: new Float64Array(n * k),
  };
  let routed = 0;
  for (let i = 0; i < n; i++) routed += weights[i];
  const nowhere = Math.max(0, 1 - routed);
  if (retry.pick === 'samePick') {
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      const o = outcomes[i];
      const [a, x] = atOnePlace(retry, o.success, o.failed, w, out);
      out.attemptsAt[i] = w * a;
      out.attempts += w * a;
      let reach = 1;
      for (let j = 0; j < k; j++) {
        out.successAt[i * k + j] = w * o.success * reach;
        out.delayBeforeS[i * k + j] = delayBefore(retry, j, failedAttemptS(retry, o));
        reach *= x;
      }
    }
    out.failed.unroutable += nowhere;
    out.attempts += nowhere;
    return out;
  }
  // Fresh picks: the route is one place whose attempt outcome is the weighted mixture.
  let success = 0;
  const failed = noFailures();
  failed.unroutable = nowhere;
  let retriedRttS = 0;
  let retriedWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    const o = outcomes[i];
    success += w * o.success;
    for (const c of FAILURE_CAUSES) failed[c] += w * o.failed[c];
    const q = w * retriedProbability(retry, o.failed);
    if (q > 0) {
      retriedRttS += q * failedAttemptS(retry, o);
      retriedWeight += q;
    }
  }
  const [a, x] = atOnePlace(retry, success, failed, 1, out);
  out.attempts = a;
  // A failed attempt costs its round trip (or the per-try timeout); the clusters it was at are weighted by their retried failures.
  const failedRttS = retriedWeight > 0 ? retriedRttS / retriedWeight : 0;
  for (let i = 0; i < n; i++) {
    out.attemptsAt[i] = weights[i] * a;
    let reach = 1;
    for (let j = 0; j < k; j++) {
      out.successAt[i * k + j] = weights[i] * outcomes[i].success * reach;
      out.delayBeforeS[i * k + j] = delayBefore(retry, j, failedRttS);
      reach *= x;
    }
  }
  return out;
}

/** Passes of the fixed point between the entry load and the retries it causes, at most (see evaluation.ts). */
export const MAX_CLIENT_RETRY_PASSES = 30;
/** The fixed point has settled when no attempts-per-request figure moved by more than this (relative). */
export const CLIENT_RETRY_TOLERANCE = 1e-6;

/** Largest relative change between two vectors of attempts per request (NaN-free, 0 for equal). */
export function largestRelativeChange(before: ArrayLike<number>, after: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    const change = Math.abs(b - a) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
    if (a !== b && change > worst) worst = change;
  }
  return worst;
}

/**
 * Latency estimates cut at a per-try timeout: the successes within the limit (the others timed
 * out). Ids are negative, so the ledger's keys (estimate id, RTT) never meet those of
 * LatencyEstimates (from 0 up). Kept per (estimate, limit to the µs), emptied when large.
 */
export class TruncatedLatencies {
  private readonly cache = new Map<string, LatencyResult | null>();
  private nextId = -1;

  /** `result` without its points above `limitS` (null: none left). */
  of(result: LatencyResult, limitS: number): LatencyResult | null {
    const points = result.points;
    if (points.length === 0 || points[points.length - 1] <= limitS) return result;
    const key = `${result.id}:${Math.round(limitS * 1e6)}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    let n = 0;
    while (n < points.length && points[n] <= limitS) n++;
    let truncated: LatencyResult | null = null;
    if (n > 0) {
      const kept = points.slice(0, n);
      let sum = 0;
      for (const x of kept) sum += x;
      truncated = { id: this.nextId--, points: kept, meanS: sum / n };
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, truncated);
    return truncated;
  }
}
