import type { RetryPolicySpec } from '../../scenario/types.js';

/**
 * Retries at one hop, in closed form. An attempt fails in a retried way with probability q,
 * independently of the attempts before it (another endpoint of the same pool, drawn afresh), and
 * the request makes at most k attempts. Then it fails for good with probability q^k and makes
 * 1 + q + … + q^(k−1) = (1 − q^k)/(1 − q) attempts on average: the amplification of the load the
 * pool's pods see. A retry budget (Envoy: retries may be at most a share b of the attempts in flight)
 * caps the amplification at 1/(1 − b); the model meets it by making each retry with a probability
 * a < 1, the same for every retry, so that the attempts per request equal the cap.
 */
export interface HopRetry {
  readonly attempts: number;
  readonly retryDeadEndpoint: boolean;
  readonly retryImpaired: boolean;
  /** Largest attempts per request the budget allows (Infinity: no budget). */
  readonly maxAmplification: number;
}

export function hopRetry(policy: RetryPolicySpec | undefined): HopRetry | undefined {
  if (policy === undefined || policy.attempts <= 1 || policy.retryOn.length === 0) return undefined;
  const b = policy.budgetRatio;
  return {
    attempts: policy.attempts,
    retryDeadEndpoint: policy.retryOn.includes('deadEndpoint'),
    retryImpaired: policy.retryOn.includes('impaired'),
    maxAmplification: b === undefined || b >= 1 ? Number.POSITIVE_INFINITY : 1 / (1 - b),
  };
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
  /** Probability the request ends with a success at this pool (calls not included). */
  success: number;
  /** Probabilities the request ends failed, by cause (they sum to 1 − success). */
  deadEndpoint: number;
  shed: number;
  impaired: number;
}

export function poolRetryOutcome(retry: HopRetry, deadShare: number, shedShare: number, errorRatio: number, out: PoolRetryOutcome): PoolRetryOutcome {
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
  out.success = pOk * a;
  out.shed = pShed * a;
  out.deadEndpoint = retry.retryDeadEndpoint ? (q > 0 ? (endRetried * pDead) / q : 0) : pDead * a;
  out.impaired = retry.retryImpaired ? (q > 0 ? (endRetried * pErr) / q : 0) : pErr * a;
  return out;
}
