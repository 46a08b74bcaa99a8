import type { RetryPolicySpec } from '../../scenario/types.js';
import type { AvoidPreviousHosts, BackoffSpec, RetriesSpec } from '../../scenario/specs/retries.js';

/**
 * Retries at one hop, in closed form. An attempt fails in a retried way with probability q,
 * independently of the attempts before it (another endpoint of the same pool, drawn afresh), and
 * the request makes at most k attempts. Then it fails for good with probability q^k and makes
 * 1 + q + … + q^(k−1) = (1 − q^k)/(1 − q) attempts on average: the amplification of the load the
 * pool's pods see. A retry budget (Envoy: retries may be at most a share b of the attempts in flight)
 * caps the amplification at 1/(1 − b); the model meets it by making each retry with a probability
 * a < 1, the same for every retry, so that the attempts per request equal the cap.
 *
 * Avoiding previous hosts (retries.avoidPreviousHosts) makes the attempts dependent: of n listed
 * endpoints d are dead (d = dead share × n), and a retry after a dead-endpoint failure leaves out
 * the endpoints already tried. With `all` (Envoy's previous_hosts) the j-th attempt meets a dead
 * one with (d − j + 1)/(n − j + 1); with `last` (HAProxy's redispatch) the first with d/n and every
 * later one with (d − 1)/(n − 1); with `none` with d/n each time (the form above). The shares
 * assume the failures before were dead endpoints: exact when only dead endpoints are retried, an
 * approximation when impaired answers (from live pods) are retried too. Once every endpoint was
 * tried, Envoy falls back to any host: the share goes back to d/n.
 *
 * Timeouts and shedding (issue 16): a served attempt times out with the pool's timeout share pT
 * (timeouts.ts) and is otherwise impaired with the error ratio; `timeout` and `shed` failures are
 * retried when retryOn lists them, like the others. The overall timeout limits the attempts to those
 * that fit (timeouts.ts attemptsWithin); a request whose last fitting attempt fails in a retried way
 * ends as a `timeout`.
 */
export interface HopRetry {
  readonly attempts: number;
  readonly retryDeadEndpoint: boolean;
  readonly retryImpaired: boolean;
  readonly retryTimeout: boolean;
  readonly retryShed: boolean;
  /** Largest attempts per request the budget allows (Infinity: no budget). */
  readonly maxAmplification: number;
  readonly avoid: AvoidPreviousHosts;
  /** Per-try timeout, s (undefined: none). */
  readonly perTryTimeoutS: number | undefined;
  /** Overall timeout of the request at this hop, s (undefined: none). */
  readonly timeoutS: number | undefined;
  readonly backoff: BackoffSpec;
  /**
   * Whether the policy uses anything beyond the retries of dead endpoints and impaired answers
   * (timeouts, retried timeouts or sheds): the load flow then solves each pool's outcome with its
   * waits (loadFlow.ts policyPool); without, it keeps the closed forms it always had.
   */
  readonly extended: boolean;
  /** Per called service (by name), its own policy (RetriesSpec.services); absent: this one. */
  readonly overrides: ReadonlyMap<string, HopRetry>;
}

const NO_OVERRIDES: ReadonlyMap<string, HopRetry> = new Map();

/** A policy as one hop applies it; `overrides` empty (see hopRetry). */
export function hopPolicy(policy: RetryPolicySpec): HopRetry {
  const b = policy.budgetRatio;
  const retryTimeout = policy.retryOn.includes('timeout');
  const retryShed = policy.retryOn.includes('shed');
  return {
    attempts: policy.attempts,
    retryDeadEndpoint: policy.retryOn.includes('deadEndpoint'),
    retryImpaired: policy.retryOn.includes('impaired'),
    retryTimeout,
    retryShed,
    maxAmplification: b === undefined || b >= 1 ? Number.POSITIVE_INFINITY : 1 / (1 - b),
    avoid: policy.avoidPreviousHosts,
    perTryTimeoutS: policy.perTryTimeoutS,
    timeoutS: policy.timeoutS,
    backoff: policy.backoff,
    extended: policy.perTryTimeoutS !== undefined || policy.timeoutS !== undefined || ((retryTimeout || retryShed) && policy.attempts > 1),
    overrides: NO_OVERRIDES,
  };
}

/** Whether a hop's policy changes nothing: one attempt (or nothing retried) and no timeout. */
function inert(h: HopRetry): boolean {
  return (h.attempts <= 1 || !(h.retryDeadEndpoint || h.retryImpaired || h.retryTimeout || h.retryShed)) && h.perTryTimeoutS === undefined && h.timeoutS === undefined;
}

/**
 * The design's policy (designs[].traffic.retries) with its per-service overrides (`services`: a call
 * into service X follows X's policy); undefined when neither it nor any override changes anything,
 * so that a design without retries keeps the load flow it always had.
 */
export function hopRetry(policy: RetryPolicySpec | RetriesSpec | undefined): HopRetry | undefined {
  if (policy === undefined) return undefined;
  const own = hopPolicy(policy);
  const services = 'services' in policy ? policy.services : [];
  const overrides = new Map(services.map((o) => [o.service, hopPolicy(o.policy)] as const));
  if (inert(own) && [...overrides.values()].every(inert)) return undefined;
  return overrides.size === 0 ? own : { ...own, overrides };
}

/** Per service index, the policy of calls into it (the override for its name, else the design's). */
export function retryByService(retry: HopRetry | undefined, names: ReadonlyMap<string, number>, serviceCount: number): (HopRetry | undefined)[] {
  const out: (HopRetry | undefined)[] = new Array(serviceCount).fill(retry);
  if (retry === undefined) return out;
  for (const [name, policy] of retry.overrides) {
    const s = names.get(name);
    if (s !== undefined) out[s] = policy;
  }
  return out;
}

/** 1 + x + … + x^(k−1): attempts per request when each attempt leads to another with probability x. */
export function attemptsPerRequest(x: number, attempts: number): number {
  if (x >= 1) return attempts;
  if (x <= 0) return 1;
  return (1 - Math.pow(x, attempts)) / (1 - x);
}

/**
 * The probability x that an attempt leads to another: q without a budget (or while it is not
 * reached), else the x ≤ q at which the attempts per request equal the budget's cap (bisection;
 * attemptsPerRequest grows with x).
 */
export function retriedShare(q: number, retry: HopRetry): number {
  const cap = retry.maxAmplification;
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

/**
 * Outcome of a request at a pool whose attempts fail in four ways, each attempt independently:
 * a dead endpoint (d), shed (the live pods' share sh), the pod's own error (e), or success.
 * Retried failures lead to another attempt (up to k, within the budget); the others end the request.
 */
export interface PoolRetryOutcome {
  /** Attempts per request (the load amplification). */
  amplification: number;
  /** Attempts per request that reach a live pod (the load the pool's pods see, per request). */
  liveAmplification: number;
  /** Probability the request ends with a success at this pool (calls not included). */
  success: number;
  /** Probabilities the request ends failed, by cause (they sum to 1 − success). */
  deadEndpoint: number;
  shed: number;
  impaired: number;
  /** Ends on a timeout (per try with nothing left to retry, or overall); absent counts as 0 (set by the policy path only). */
  timeout?: number;
}

/**
 * Share of dead endpoints the j-th attempt (1-based) meets, when the pool lists `listed` endpoints
 * of which a share `deadShare` is dead and every attempt before failed on a dead one.
 */
export function deadShareAtAttempt(avoid: AvoidPreviousHosts, deadShare: number, listed: number, j: number): number {
  if (j <= 1 || avoid === 'none' || deadShare <= 0) return deadShare;
  const dead = deadShare * listed;
  const avoided = avoid === 'last' ? 1 : j - 1;
  if (listed - avoided <= 0) return deadShare; // every endpoint tried: any host again
  return Math.min(1, Math.max(0, dead - avoided) / (listed - avoided));
}

/** Whether the attempts of a request at this pool are dependent (avoidance changes the dead share). */
function avoids(retry: HopRetry, deadShare: number, listed: number): boolean {
  return retry.avoid !== 'none' && retry.retryDeadEndpoint && deadShare > 0 && listed > 1;
}

/** Attempts per request when retried failures at attempt j have probability q[j − 1] and each retry is made with probability a. */
function chainAttempts(q: ArrayLike<number>, a: number, attempts: number): number {
  let reach = 1;
  let sum = 1;
  for (let j = 1; j < attempts; j++) {
    reach *= a * q[j - 1];
    sum += reach;
  }
  return sum;
}

/**
 * The probability a that a retried failure is retried, within the budget: 1 when the attempts per
 * request stay under its cap, else the a at which they equal it (bisection; they grow with a).
 * With independent attempts a = retriedShare(q)/q.
 */
export function retryChance(q: ArrayLike<number>, retry: Pick<HopRetry, 'attempts' | 'maxAmplification'>): number {
  const cap = retry.maxAmplification;
  if (chainAttempts(q, 1, retry.attempts) <= cap) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (chainAttempts(q, mid, retry.attempts) > cap) hi = mid;
    else lo = mid;
  }
  return lo;
}

/** Per-attempt retried-failure probabilities of a dependent chain (scratch, reused). */
const chainQ = new Float64Array(16);

/**
 * The pool's outcome; `listed` is how many endpoints it lists (live and dead), which sets the dead
 * share later attempts meet when retries avoid previous hosts.
 */
export function poolRetryOutcome(retry: HopRetry, deadShare: number, shedShare: number, errorRatio: number, out: PoolRetryOutcome, listed = 0): PoolRetryOutcome {
  out.timeout = 0;
  if (avoids(retry, deadShare, listed)) return dependentOutcome(retry, deadShare, shedShare, errorRatio, listed, out);
  const pDead = deadShare;
  const pShed = (1 - deadShare) * shedShare;
  const pErr = (1 - deadShare) * (1 - shedShare) * errorRatio;
  const pOk = (1 - deadShare) * (1 - shedShare) * (1 - errorRatio);
  const q = (retry.retryDeadEndpoint ? pDead : 0) + (retry.retryImpaired ? pErr : 0);
  const a = attemptsPerRequest(retriedShare(q, retry), retry.attempts);
  // A request ends on a non-retried outcome o with probability p_o × a; the rest, 1 − (1 − q) a,
  // ends on a retried failure (the last attempt, or one the budget did not retry), split by cause.
  const endRetried = q > 0 ? Math.max(0, 1 - (1 - q) * a) : 0;
  out.amplification = a;
  out.liveAmplification = a * (1 - deadShare);
  out.success = pOk * a;
  out.shed = pShed * a;
  out.deadEndpoint = retry.retryDeadEndpoint ? (q > 0 ? (endRetried * pDead) / q : 0) : pDead * a;
  out.impaired = retry.retryImpaired ? (q > 0 ? (endRetried * pErr) / q : 0) : pErr * a;
  return out;
}

/** The outcome when attempts avoid previous hosts: the same sums as above, attempt by attempt. */
function dependentOutcome(retry: HopRetry, deadShare: number, shedShare: number, errorRatio: number, listed: number, out: PoolRetryOutcome): PoolRetryOutcome {
  const k = retry.attempts;
  const q = chainQ;
  for (let j = 1; j <= k; j++) {
    const d = deadShareAtAttempt(retry.avoid, deadShare, listed, j);
    q[j - 1] = d + (retry.retryImpaired ? (1 - d) * (1 - shedShare) * errorRatio : 0);
  }
  const a = retryChance(q, retry);
  let reach = 1;
  let amplification = 0;
  let live = 0;
  let success = 0;
  let shed = 0;
  let dead = 0;
  let impaired = 0;
  for (let j = 1; j <= k; j++) {
    const d = deadShareAtAttempt(retry.avoid, deadShare, listed, j);
    const pErr = (1 - d) * (1 - shedShare) * errorRatio;
    // A retried failure ends the request at the last attempt, or when the budget does not retry it.
    const ends = j === k ? 1 : 1 - a;
    amplification += reach;
    live += reach * (1 - d);
    success += reach * (1 - d) * (1 - shedShare) * (1 - errorRatio);
    shed += reach * (1 - d) * shedShare;
    dead += reach * d * ends; // dead endpoints are always retried here (avoids() checked it)
    impaired += reach * pErr * (retry.retryImpaired ? ends : 1);
    reach *= a * q[j - 1];
  }
  out.amplification = amplification;
  out.liveAmplification = live;
  out.success = success;
  out.shed = shed;
  out.deadEndpoint = dead;
  out.impaired = impaired;
  return out;
}

/**
 * The pool's outcome with timeouts and every retried cause (the policy path): a served attempt times
 * out with `timeoutShare` and is otherwise impaired with `errorRatio`; `attempts` (≤ retry.attempts)
 * are those that fit in the overall timeout, and a request whose last one fails in a retried way
 * while the policy would have retried again ends as a timeout. The sums run attempt by attempt, the
 * j-th meeting the dead share that host avoidance leaves it (deadShareAtAttempt) and each retry made
 * with the budget's chance (retryChance).
 */
export function timedPoolOutcome(retry: HopRetry, deadShare: number, shedShare: number, errorRatio: number, timeoutShare: number, attempts: number, out: PoolRetryOutcome, listed = 0): PoolRetryOutcome {
  const k = Math.max(1, Math.min(attempts, retry.attempts));
  const cut = k < retry.attempts;
  const dependent = avoids(retry, deadShare, listed);
  const q = chainQ;
  const served = (1 - shedShare) * (1 - timeoutShare);
  for (let j = 1; j <= k; j++) {
    const d = dependent ? deadShareAtAttempt(retry.avoid, deadShare, listed, j) : deadShare;
    q[j - 1] =
      (retry.retryDeadEndpoint ? d : 0) +
      (retry.retryShed ? (1 - d) * shedShare : 0) +
      (retry.retryTimeout ? (1 - d) * (1 - shedShare) * timeoutShare : 0) +
      (retry.retryImpaired ? (1 - d) * served * errorRatio : 0);
  }
  const a = retryChanceOver(q, k, retry.maxAmplification);
  let reach = 1;
  let amplification = 0;
  let live = 0;
  let success = 0;
  let shed = 0;
  let dead = 0;
  let impaired = 0;
  let timeout = 0;
  for (let j = 1; j <= k; j++) {
    const d = dependent ? deadShareAtAttempt(retry.avoid, deadShare, listed, j) : deadShare;
    const pShed = (1 - d) * shedShare;
    const pTimeout = (1 - d) * (1 - shedShare) * timeoutShare;
    const pErr = (1 - d) * served * errorRatio;
    // A retried failure ends the request at the last attempt (on the overall timeout when it cut the
    // attempts short), or earlier when the budget does not retry it.
    const last = j === k;
    const ends = last ? 1 : 1 - a;
    const endsOwn = last && cut ? 0 : ends;
    amplification += reach;
    live += reach * (1 - d);
    success += reach * (1 - d) * served * (1 - errorRatio);
    let cutShare = 0;
    if (retry.retryDeadEndpoint) {
      dead += reach * d * endsOwn;
      cutShare += d;
    } else dead += reach * d;
    if (retry.retryShed) {
      shed += reach * pShed * endsOwn;
      cutShare += pShed;
    } else shed += reach * pShed;
    if (retry.retryTimeout) {
      timeout += reach * pTimeout * endsOwn;
      cutShare += pTimeout;
    } else timeout += reach * pTimeout;
    if (retry.retryImpaired) {
      impaired += reach * pErr * endsOwn;
      cutShare += pErr;
    } else impaired += reach * pErr;
    if (last && cut) timeout += reach * cutShare;
    reach *= a * q[j - 1];
  }
  out.amplification = amplification;
  out.liveAmplification = live;
  out.success = success;
  out.shed = shed;
  out.deadEndpoint = dead;
  out.impaired = impaired;
  out.timeout = timeout;
  return out;
}

/** retryChance over the first k attempts with the given cap. */
function retryChanceOver(q: ArrayLike<number>, k: number, cap: number): number {
  if (chainAttempts(q, 1, k) <= cap) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (chainAttempts(q, mid, k) > cap) hi = mid;
    else lo = mid;
  }
  return lo;
}
