import * as z from 'zod';
import { duration, int, list, name, percent } from './schemaPrimitives.js';
import type { AvoidPreviousHosts, BackoffSpec, RetriesSpec, RetryOn, RetryPolicySpec } from './specs/retries.js';
export type { AvoidPreviousHosts, BackoffSpec, RetriesSpec, RetryOn, RetryPolicySpec } from './specs/retries.js';

/**
 * Retries and timeouts at each hop of a design's request path: designs[].traffic.retries (every
 * service hop, with per-destination overrides under `services`) and designs[].traffic.clientRetries
 * (users → global ingress). Attempts, which failures are retried, per-try and overall timeouts,
 * backoff, a retry budget, host avoidance. Applied by the fluid model (loadFlow.ts, retryModel.ts)
 * and the request-level mode alike. docs/traffic.md, "Retries, timeouts and held concurrency".
 */

/**
 * Attempts when the block is present: 3, Istio's default route retry policy (2 retries, the first
 * attempt plus two; Istio reference, VirtualService HTTPRetry `attempts`, and the mesh-wide default
 * `meshConfig.defaultHttpRetryPolicy`: "attempts: 2").
 */
export const DEFAULT_RETRY_ATTEMPTS = 3;

/**
 * Retried failures by default: dead endpoints, which Istio's default `retryOn`
 * ("connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes") covers through
 * connect-failure and refused-stream. A pod's own 5xx (`impaired`) is retried only when asked
 * (Envoy's `5xx` retry condition).
 */
export const DEFAULT_RETRY_ON: readonly RetryOn[] = ['deadEndpoint'];

/** Envoy's retry budget `budget_percent` default (a budget is written `budget: 20%`): 20% (envoy.config.cluster.v3.CircuitBreakers.Thresholds.RetryBudget). */
export const DEFAULT_RETRY_BUDGET_RATIO = 0.2;

/**
 * Whether a pod's slot is held while it waits on its downstream calls (designs[].traffic.heldConcurrency),
 * when not said. A synchronous handler (a thread, a worker, a concurrency slot per request) really
 * holds it, and sizing counts it when it is on; it stays off by default because on it costs +70%
 * (per-cluster) and 3× (mesh) run time in the fleet benchmark, past issue 16's 25% allowance
 * (docs/traffic.md): held time needs a load-flow pass per level of the call graph.
 */
export const HELD_CONCURRENCY_DEFAULT = false;

/** Envoy's retry back-off defaults: base_interval 25 ms, max_interval 10 × base (envoy.config.route.v3.RetryPolicy.RetryBackOff). */
export const DEFAULT_BACKOFF: BackoffSpec = { baseS: 0.025, maxS: 0.25 };

/**
 * Which endpoints a retry avoids, when not said: `all`, Envoy's `previous_hosts` retry host
 * predicate, which Istio's default route retry policy sets (with `host_selection_retry_max_attempts: 5`;
 * Istio, pilot retry policy defaults; Envoy reference, "Retry plugin configuration",
 * envoy.retry_host_predicates.previous_hosts). No bundled scenario has a retries block, so this
 * default moves no golden result; before it, attempts were independent (`none`).
 */
export const DEFAULT_AVOID_PREVIOUS_HOSTS: AvoidPreviousHosts = 'all';

const RETRY_ON = ['deadEndpoint', 'impaired', 'timeout', 'shed'] as const;
const AVOID = ['all', 'last', 'none'] as const;

const policyFields = {
    attempts: int(1, `Attempts in all, the first included; default ${DEFAULT_RETRY_ATTEMPTS} (Istio's 2 retries).`, 10).optional(),
    retryOn: list(z.enum(RETRY_ON), RETRY_ON.length)
      .meta({ description: 'Failures retried: deadEndpoint (connect failure to a dead pod still listed), impaired (a 5xx from a bad change or brownout), timeout (the per-try timeout fired), shed (a 503 from a full queue); default [deadEndpoint].' })
      .optional(),
    perTryTimeout: duration('Largest time of one attempt before the caller gives up on it (and may retry); absent: none (Istio sets none).').optional(),
    timeout: duration('Largest time of the request at this hop, attempts and backoffs included; absent: none (Istio disables the route timeout).').optional(),
    backoff: z
      .strictObject({
        base: duration(`Envoy's base_interval; default ${DEFAULT_BACKOFF.baseS * 1000}ms.`).optional(),
        max: duration('Envoy\'s max_interval; default 10 × base.').optional(),
      })
      .optional()
      .meta({ description: 'Pause before retry n: uniform in [0, min(max, base × (2^n − 1))] (Envoy).' }),
    budget: percent(`Retry budget: largest share of attempts in flight that may be retries (Envoy's default budget is ${DEFAULT_RETRY_BUDGET_RATIO * 100}%); absent: no budget (Istio sets none).`).optional(),
    avoidPreviousHosts: z
      .enum(AVOID)
      .meta({ description: `Endpoints a retry avoids: all (every one already tried: Envoy's previous_hosts, Istio's default), last (the one that just failed: HAProxy's option redispatch), none (each attempt drawn afresh); default ${DEFAULT_AVOID_PREVIOUS_HOSTS}.` })
      .optional(),
};

export const retryPolicySchema = z.strictObject(policyFields).meta({ title: 'RetryPolicy' });

export const retriesSchema = z
  .strictObject({
    ...policyFields,
    services: list(z.strictObject({ service: name('The called service whose policy this is.'), ...policyFields }).meta({ title: 'ServiceRetryPolicy' }), 1000)
      .optional()
      .meta({ description: "Per called service, overriding the design's policy field by field (Istio: a VirtualService per destination)." }),
  })
  .meta({ title: 'Retries' });

export type RawRetryPolicy = z.output<typeof retryPolicySchema>;
export type RawRetries = z.output<typeof retriesSchema>;

export function resolveRetryPolicy(raw: RawRetryPolicy | undefined, base?: RetryPolicySpec): RetryPolicySpec | undefined {
  if (raw === undefined) return base;
  const retryOn = raw.retryOn === undefined ? (base?.retryOn ?? DEFAULT_RETRY_ON) : RETRY_ON.filter((r) => raw.retryOn!.includes(r));
  const baseS = raw.backoff?.base ?? base?.backoff.baseS ?? DEFAULT_BACKOFF.baseS;
  const maxS = raw.backoff?.max ?? (raw.backoff?.base !== undefined ? 10 * baseS : (base?.backoff.maxS ?? DEFAULT_BACKOFF.maxS));
  return {
    attempts: raw.attempts ?? base?.attempts ?? DEFAULT_RETRY_ATTEMPTS,
    retryOn,
    perTryTimeoutS: raw.perTryTimeout ?? base?.perTryTimeoutS,
    timeoutS: raw.timeout ?? base?.timeoutS,
    backoff: { baseS, maxS },
    budgetRatio: raw.budget ?? base?.budgetRatio,
    avoidPreviousHosts: raw.avoidPreviousHosts ?? base?.avoidPreviousHosts ?? DEFAULT_AVOID_PREVIOUS_HOSTS,
  };
}

export function resolveRetries(raw: RawRetries | undefined): RetriesSpec | undefined {
  if (raw === undefined) return undefined;
  const { services, ...own } = raw;
  const policy = resolveRetryPolicy(own)!;
  return { ...policy, services: (services ?? []).map(({ service, ...o }) => ({ service, policy: resolveRetryPolicy(o, policy)! })) };
}
