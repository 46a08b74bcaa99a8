import type { RetriesSpec, RetryPolicySpec } from '../../../scenario/types.js';
import type { AvoidPreviousHosts, RetryOn } from '../../../scenario/specs/retries.js';

/** Why an attempt or a request failed: the fluid model's causes (types.ts failedBy). */
export type Cause = 'unroutable' | 'deadEndpoint' | 'shed' | 'noReplica' | 'impaired' | 'timeout';

/**
 * One hop's retry policy as the request level applies it (semantics §2): attempts, the causes
 * retried, per-try and overall timeouts (Infinity: none), Envoy's fully jittered exponential
 * backoff, the budget, and host avoidance. `none` stands for "no retries block": one attempt, no
 * timers, no draws.
 */
export interface HopPolicy {
  readonly attempts: number;
  readonly retryOn: ReadonlySet<Cause>;
  readonly perTryTimeoutS: number;
  readonly timeoutS: number;
  readonly backoffBaseS: number;
  readonly backoffMaxS: number;
  /** Largest share of attempts that may be retries; undefined: no budget. */
  readonly budgetRatio: number | undefined;
  readonly avoid: AvoidPreviousHosts;
}

export const NO_RETRIES: HopPolicy = {
  attempts: 1,
  retryOn: new Set(),
  perTryTimeoutS: Number.POSITIVE_INFINITY,
  timeoutS: Number.POSITIVE_INFINITY,
  backoffBaseS: 0,
  backoffMaxS: 0,
  budgetRatio: undefined,
  avoid: 'none',
};

export function hopPolicy(spec: RetryPolicySpec | undefined): HopPolicy {
  if (spec === undefined) return NO_RETRIES;
  return {
    attempts: Math.max(1, spec.attempts),
    retryOn: new Set<Cause>(spec.retryOn as readonly RetryOn[]),
    perTryTimeoutS: spec.perTryTimeoutS ?? Number.POSITIVE_INFINITY,
    timeoutS: spec.timeoutS ?? Number.POSITIVE_INFINITY,
    backoffBaseS: spec.backoff.baseS,
    backoffMaxS: spec.backoff.maxS,
    budgetRatio: spec.budgetRatio,
    avoid: spec.avoidPreviousHosts,
  };
}

/**
 * Per called service, the policy of a call INTO it: its override in retries.services, else the
 * design's policy (semantics: "a call INTO service X uses X's override"); the ingress's request into
 * the entry service is such a call too.
 */
export function policiesByCallee(retries: RetriesSpec | undefined, serviceNames: readonly string[]): HopPolicy[] {
  const design = hopPolicy(retries);
  const overrides = new Map((retries?.services ?? []).map((o) => [o.service, hopPolicy(o.policy)]));
  return serviceNames.map((name) => overrides.get(name) ?? design);
}

/**
 * Pause before retry n (n = 1, 2, …): uniform in [0, min(max, base × (2^n − 1))], Envoy's fully
 * jittered exponential back-off (envoy.config.route.v3.RetryPolicy.RetryBackOff), `u` uniform in [0, 1).
 */
export function backoffS(policy: HopPolicy, n: number, u: number): number {
  const ceiling = Math.min(policy.backoffMaxS, policy.backoffBaseS * (Math.pow(2, n) - 1));
  return u * ceiling;
}
