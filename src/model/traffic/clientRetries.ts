import type { RetryPolicySpec } from '../../scenario/types.js';
import type { RetryOn } from '../../scenario/specs/retries.js';
import type { LatencyResult } from './latencyMonteCarlo.js';
import { noFailures, type FailureCause, type FailureCounts } from './rates.js';

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
 * and retried-failure probability q, a request makes A = 1 + x + … + x^(k−1) attempts (x = a·q,
 * a < 1 only under a retry budget: retryChance), succeeds with s × A, ends on a non-retried cause c
 * with f_c × A and on a retried one with (1 − (1 − q) A) × f_c / q (q^(k−1) f_c without a budget).
 *
 * Timeouts: attempt j starts after the mean time of the failed attempts before it and the mean
 * backoffs (D_j); its answer may take min(perTryTimeoutS, timeoutS − D_j); slower successes fail
 * `timeout` (the cluster still does the work), retried only when the per-try timeout was the
 * limit; an attempt with no time left is not made. The successes kept are those within the limit
 * (TruncatedLatencies). So with timeouts the chain is summed attempt by attempt (chain()). Not
 * modelled at the client: avoidPreviousHosts (a DNS client skipping addresses it already tried).
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
  /** Largest time of the whole request, attempts and pauses included, s (Infinity: none). */
  readonly timeoutS: number;
}

/** undefined when the policy changes nothing (none; or one attempt or nothing retried, and no per-try timeout). */
export function clientRetry(policy: RetryPolicySpec | undefined, ingress: 'dns' | 'anycast'): ClientRetry | undefined {
  if (policy === undefined) return undefined;
  const retries = policy.attempts > 1 && policy.retryOn.length > 0;
  // A per-try timeout acts even when nothing is retried (a plain client timeout).
  if (!retries && policy.perTryTimeoutS === undefined && policy.timeoutS === undefined) return undefined;
  const retried = {} as Record<FailureCause, boolean>;
  for (const c of FAILURE_CAUSES) retried[c] = policy.retryOn.includes(CLIENT_RETRY_CONDITION[c]);
  const attempts = retries ? policy.attempts : 1;
  const b = policy.budgetRatio;
  const maxAttemptsPerRequest = b === undefined || b >= 1 ? Number.POSITIVE_INFINITY : 1 / (1 - b);
  const meanBackoffS = Float64Array.from({ length: attempts - 1 }, (_, i) => Math.min(policy.backoff.maxS, policy.backoff.baseS * (Math.pow(2, i + 1) - 1)) / 2);
  return { attempts, retried, maxAttemptsPerRequest, meanBackoffS, pick: ingress === 'dns' ? 'freshPick' : 'samePick', perTryTimeoutS: policy.perTryTimeoutS ?? Number.POSITIVE_INFINITY, timeoutS: policy.timeoutS ?? Number.POSITIVE_INFINITY };
}

/** One attempt at one cluster: success probability, failure probability by cause (together 1), and the user's RTT to it. */
export interface AttemptOutcome {
  readonly success: number;
  readonly failed: FailureCounts;
  readonly rttS: number;
  /**
   * How long a success takes: ascending latency points, s, to which `latencyShiftS` is added (the
   * user RTT when they are the cluster's own). Absent or null: unknown, and no timeout acts on it.
   */
  readonly latency?: Float64Array | null;
  readonly latencyShiftS?: number;
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
  /** The same layout: time spent before that attempt (failed attempts' times and backoff pauses), s. */
  readonly delayBeforeS: Float64Array;
  /** The same layout: the most that attempt's answer may take (the per-try timeout, or what the overall one leaves), s; Infinity: no limit. */
  readonly limitS: Float64Array;
}

/** One attempt over a set of places (a route's clusters with weights) under a time limit. */
interface Step {
  /** Per place: weight × success within the limit. */
  readonly successBy: Float64Array;
  success: number;
  /** Failures that lead to another attempt, and those that end the request, by cause. */
  readonly retried: FailureCounts;
  readonly kept: FailureCounts;
  /** Probability of a retried failure. */
  q: number;
  /** Mean time a retried failure took, s. */
  failedS: number;
  /** Time before this attempt, s, and the limit on its answer, s. */
  delayS: number;
  limitS: number;
}

/**
 * Attempt at `places` (indices into outcomes, with weights) whose answer may take at most `limitS`:
 * successes slower than it fail `timeout` after `limitS`, retried only when the per-try timeout
 * fired (`perTry`: the overall deadline was not what cut it).
 */
function step(retry: ClientRetry, outcomes: readonly AttemptOutcome[], places: readonly number[], weights: ArrayLike<number>, limitS: number, perTry: boolean, delayS: number): Step {
  const st: Step = { successBy: new Float64Array(places.length), success: 0, retried: noFailures(), kept: noFailures(), q: 0, failedS: 0, delayS, limitS };
  let timeS = 0;
  for (let p = 0; p < places.length; p++) {
    const o = outcomes[places[p]];
    const w = weights[p];
    let late = 0;
    if (o.latency && o.latency.length > 0 && Number.isFinite(limitS) && o.success > 0) late = o.success * slowShare(o.latency, o.latencyShiftS ?? 0, limitS);
    st.successBy[p] = w * (o.success - late);
    st.success += st.successBy[p];
    for (const c of FAILURE_CAUSES) {
      const f = w * o.failed[c];
      if (!(f > 0)) continue;
      if (retry.retried[c]) {
        st.retried[c] += f;
        st.q += f;
        timeS += f * o.rttS;
      } else st.kept[c] += f;
    }
    if (late > 0) {
      if (retry.retried.timeout && perTry) {
        st.retried.timeout += w * late;
        st.q += w * late;
        timeS += w * late * limitS;
      } else st.kept.timeout += w * late;
    }
  }
  st.failedS = st.q > 0 ? timeS / st.q : 0;
  return st;
}

/** Share of points above `maxS − shiftS` (ascending points; as sloMinutes.slowShare). */
function slowShare(points: Float64Array, shiftS: number, maxS: number): number {
  const bound = maxS - shiftS;
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid] > bound) hi = mid;
    else lo = mid + 1;
  }
  return (points.length - lo) / points.length;
}

/** Attempts per request when a retried failure at attempt j has probability q[j] and is retried with probability a. */
function chainAttempts(q: readonly number[], a: number): number {
  let reach = 1;
  let sum = 1;
  for (let j = 0; j + 1 < q.length; j++) {
    reach *= a * q[j];
    sum += reach;
  }
  return sum;
}

/**
 * The chance a that a retried failure is retried: 1 without a budget or under its cap, else the a
 * at which the attempts per request reach the cap (bisection: they grow with a), as the mesh's hops
 * do (retryModel.retryChance).
 */
function retryChance(q: readonly number[], retry: ClientRetry): number {
  const cap = retry.maxAttemptsPerRequest;
  if (chainAttempts(q, 1) <= cap) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (chainAttempts(q, mid) > cap) hi = mid;
    else lo = mid;
  }
  return lo;
}

/**
 * The attempts of a request at `places` (one cluster for a same pick, the whole route for fresh
 * picks), added to `out` with weight `scale`; returns the attempts per request. Attempt j starts
 * after the mean time of the failed attempts before it and the mean backoffs; its answer may take
 * min(per-try timeout, overall timeout − that start). An attempt that would have no time left is
 * not made: the request ends there on a `timeout` (the overall deadline).
 */
function chain(retry: ClientRetry, outcomes: readonly AttemptOutcome[], places: readonly number[], weights: ArrayLike<number>, scale: number, out: RouteRetryOutcome): number {
  const k = retry.attempts;
  const steps: Step[] = [];
  let delayS = 0;
  for (let j = 0; j < k; j++) {
    if (j > 0) delayS += steps[j - 1].failedS + retry.meanBackoffS[j - 1];
    const left = retry.timeoutS - delayS;
    if (j > 0 && !(left > 0)) break;
    const limitS = Math.min(retry.perTryTimeoutS, left);
    steps.push(step(retry, outcomes, places, weights, limitS, limitS === retry.perTryTimeoutS && retry.perTryTimeoutS < left, delayS));
  }
  const a = retryChance(
    steps.map((st) => st.q),
    retry,
  );
  const cutShort = steps.length < k;
  let reach = 1;
  let attempts = 0;
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j];
    const last = j === steps.length - 1;
    attempts += reach;
    for (let p = 0; p < places.length; p++) {
      const at = places[p] * k + j;
      out.successAt[at] += scale * reach * st.successBy[p];
      out.delayBeforeS[at] = st.delayS;
      out.limitS[at] = st.limitS;
    }
    out.success += scale * reach * st.success;
    // A retried failure ends the request when the budget does not retry it, or at the last attempt
    // (as its own cause; as a timeout when the overall deadline left no time for another).
    const ends = last ? 1 : 1 - a;
    for (const c of FAILURE_CAUSES) {
      out.failed[c] += scale * reach * st.kept[c];
      if (last && cutShort) out.failed.timeout += scale * reach * st.retried[c];
      else out.failed[c] += scale * reach * st.retried[c] * ends;
    }
    reach *= a * st.q;
  }
  return attempts;
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
    limitS: new Float64Array(n * k).fill(Number.POSITIVE_INFINITY),
  };
  let routed = 0;
  for (let i = 0; i < n; i++) routed += weights[i];
  const nowhere = Math.max(0, 1 - routed);
  out.failed.unroutable += nowhere;
  if (retry.pick === 'samePick') {
    for (let i = 0; i < n; i++) {
      const a = chain(retry, outcomes, [i], [1], weights[i], out);
      out.attemptsAt[i] = weights[i] * a;
      out.attempts += weights[i] * a;
    }
    out.attempts += nowhere;
    return out;
  }
  // Fresh picks: every attempt is a draw over the route (the nowhere share fails unroutable at once;
  // as a retried cause it would be drawn again, which the weights short of 1 leave out: a route
  // either has clusters, whose weights sum to 1, or none).
  const places = Array.from({ length: n }, (_, i) => i);
  const a = chain(retry, outcomes, places, weights, 1, out);
  out.attempts = a;
  for (let i = 0; i < n; i++) out.attemptsAt[i] = weights[i] * a;
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
