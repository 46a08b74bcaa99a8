import type { AvoidPreviousHosts, RetryPolicySpec } from '../../scenario/specs/retries.js';
import { deadShareAtAttempt, hopPolicy, retryByService, retryChance, type HopRetry } from './retryModel.js';
import type { LoadFlow } from './loadFlow.js';
import type { PoolState } from './pool.js';
import type { ServiceModel } from './serviceModel.js';

/**
 * What the latency Monte Carlo needs of the retry policy at one hop (the calls into one service, and
 * the ingress's request into the entry service): attempts, which causes are retried, the per-try and
 * overall timeouts, the backoff and the budget (docs/traffic.md, "Retries, timeouts and held
 * concurrency"; issue-16 semantics 1 and 2).
 */
export interface AttemptPolicy {
  readonly attempts: number;
  readonly retryDeadEndpoint: boolean;
  readonly retryShed: boolean;
  readonly retryImpaired: boolean;
  readonly retryTimeout: boolean;
  /** Largest time of one attempt, s (Infinity: none). */
  readonly perTryTimeoutS: number;
  /** Largest time at the hop, attempts and backoffs included, s (Infinity: none). */
  readonly timeoutS: number;
  readonly backoffBaseS: number;
  readonly backoffMaxS: number;
  /** Largest attempts per request the budget allows (Infinity: no budget), as HopRetry. */
  readonly maxAmplification: number;
  readonly avoid: AvoidPreviousHosts;
  /** The load flow's form of the same policy (budgets: retryModel.ts retryChance). */
  readonly hop: HopRetry;
}

/** The sampler's policy from a resolved scenario policy (one hop's; overrides not applied); undefined when there is none. */
export function attemptPolicy(spec: RetryPolicySpec | undefined): AttemptPolicy | undefined {
  return spec === undefined ? undefined : attemptPolicyOfHop(hopPolicy(spec));
}

/** The sampler's policy from the load flow's: the same attempts, causes, timeouts, backoff and budget. */
export function attemptPolicyOfHop(hop: HopRetry | undefined): AttemptPolicy | undefined {
  if (hop === undefined) return undefined;
  const retries = hop.attempts > 1 && (hop.retryDeadEndpoint || hop.retryShed || hop.retryImpaired || hop.retryTimeout);
  return {
    attempts: retries ? hop.attempts : 1,
    retryDeadEndpoint: hop.retryDeadEndpoint,
    retryShed: hop.retryShed,
    retryImpaired: hop.retryImpaired,
    retryTimeout: hop.retryTimeout,
    perTryTimeoutS: hop.perTryTimeoutS ?? Number.POSITIVE_INFINITY,
    timeoutS: hop.timeoutS ?? Number.POSITIVE_INFINITY,
    backoffBaseS: hop.backoff.baseS,
    backoffMaxS: hop.backoff.maxS,
    maxAmplification: hop.maxAmplification,
    avoid: hop.avoid,
    hop,
  };
}

/**
 * Per service: the policy of the requests into it (the service's override, else the design's);
 * all undefined when the design's retries change nothing (then the sampler draws as it always did).
 */
export function attemptPoliciesOf(services: ServiceModel): (AttemptPolicy | undefined)[] {
  const perService = retryByService(services.retry, services.indexByName, services.serviceCount);
  const cache = new Map<HopRetry, AttemptPolicy | undefined>();
  return perService.map((hop) => {
    if (hop === undefined) return undefined;
    if (!cache.has(hop)) cache.set(hop, attemptPolicyOfHop(hop));
    return cache.get(hop);
  });
}

/**
 * Whether some hop's policy has a per-try or overall timeout. Then an attempt's fate depends on its
 * time (and a failed call's time matters to its caller's timeout), and the latency is sampled; else
 * every outcome is independent of time and the latency is computed (latencyDistribution.ts).
 */
export function timeoutsIn(policies: readonly (AttemptPolicy | undefined)[]): boolean {
  return policies.some((p) => p !== undefined && (Number.isFinite(p.perTryTimeoutS) || Number.isFinite(p.timeoutS)));
}

/**
 * The probability that a retried failure is retried within the policy's budget (retryModel.ts
 * retryChance), from the shares of retried causes each attempt meets: dead endpoints (with host
 * avoidance), sheds, the load flow's timed-out share of served attempts and the error ratio. `q` is
 * scratch of at least `policy.attempts` numbers.
 */
export function budgetRetryChance(policy: AttemptPolicy, deadShare: number, shedShare: number, errorRatio: number, listed: number, timedOut: number, q: Float64Array): number {
  if (policy.maxAmplification === Number.POSITIVE_INFINITY) return 1;
  for (let j = 1; j <= policy.attempts; j++) {
    const d = deadShareAtAttempt(policy.avoid, deadShare, listed, j);
    const served = (1 - d) * (1 - shedShare);
    q[j - 1] =
      (policy.retryDeadEndpoint ? d : 0) +
      (policy.retryShed ? (1 - d) * shedShare : 0) +
      (policy.retryTimeout ? served * timedOut : 0) +
      (policy.retryImpaired ? served * (1 - timedOut) * errorRatio : 0);
  }
  return retryChance(q, policy.hop);
}

/** Pause before retry n (1, 2, …) for a uniform draw u: u × min(max, base × (2^n − 1)) (Envoy's fully jittered back-off). */
export function backoffS(policy: AttemptPolicy, retry: number, u: number): number {
  return u * Math.min(policy.backoffMaxS, policy.backoffBaseS * (Math.pow(2, retry) - 1));
}

/**
 * Share of the attempts reaching a live pod of the pool that it refuses at once. On the load flow's
 * policy path (timeouts, retried sheds or timeouts, a queueing shedding policy) the flow says
 * (LoadFlow.shedShareOf: an overloaded pool admits its capacity, which is not offered × (1 − shed));
 * elsewhere the pool sheds what it does not admit.
 */
export function shedShareAt(flow: LoadFlow | undefined, pool: PoolState, service: number, group: number): number {
  if (flow !== undefined && (flow.poolBacklogs.queueing || flow.retryByService[service]?.extended === true)) return flow.shedShareOf[group];
  return pool.offeredPerS > 0 ? Math.max(0, 1 - pool.admittedPerS / pool.offeredPerS) : 0;
}

/**
 * Whether the pool's wait is an overload backlog's, the same for every request (backlog ÷ capacity;
 * the load flow writes it as P(wait) 1 at rate 1/wait, overload.ts) rather than Erlang's exponential.
 */
export function backlogWait(flow: LoadFlow | undefined, group: number): boolean {
  return flow !== undefined && flow.poolBacklogs.queueing && flow.poolBacklogs.backlogOf(group) > 0;
}

/** Numbers in attemptInputs' key. */
export const ATTEMPT_INPUTS = 5;

/**
 * What attempts meet at a pool, as the latency estimates key it when attempts matter (retries,
 * timeouts) and as the computed latency reads it: whether it has servers, its dead-endpoint, shed
 * and error shares in steps of 0.1% (as route weights), and the endpoints it lists, which only host
 * avoidance reads (deadShareAtAttempt), and only while some endpoint is dead: else 0, so that a
 * count nothing reads does not split states. Pools the load flow left idle read as it left them.
 */
export function attemptInputs(flow: LoadFlow | undefined, pool: PoolState, errorRatio: number, service: number, group: number, avoidsHosts: boolean, out: Float64Array): Float64Array {
  const dead = Math.round((flow?.deadEndpointShare[group] ?? 0) * 1000);
  out[0] = pool.servers > 0 ? 1 : 0;
  out[1] = dead;
  out[2] = Math.round(shedShareAt(flow, pool, service, group) * 1000);
  out[3] = Math.round(errorRatio * 1000);
  out[4] = dead > 0 && avoidsHosts ? listedEndpoints(flow, group) : 0;
  return out;
}

/** Per service: whether its policy avoids previous hosts (then attemptInputs keys the endpoints listed). */
export function avoidingServices(policies: readonly (AttemptPolicy | undefined)[]): Uint8Array {
  return Uint8Array.from(policies, (p) => (p !== undefined && p.avoid !== 'none' ? 1 : 0));
}

/** Endpoints the pool lists (live and dead) for host avoidance; 0 (attempts independent) while the load flow does not say. */
export function listedEndpoints(flow: LoadFlow | undefined, group: number): number {
  return flow?.listedEndpoints(group) ?? 0;
}
