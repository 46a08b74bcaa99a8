import * as z from 'zod';
import { int, list, percent } from './schemaPrimitives.js';
import type { AvoidPreviousHosts, RetryOn, RetryPolicySpec } from './specs/retries.js';
export type { AvoidPreviousHosts, RetryOn, RetryPolicySpec } from './specs/retries.js';

/**
 * Retries at each hop of a design's request path (designs[].traffic.retries): how many attempts,
 * which failures are retried, a retry budget; and whether pods hold their slot while they wait on
 * their calls (held concurrency, here because it is the other half of "requests as they flow"). Applied by the fluid model (loadFlow.ts, retryModel.ts)
 * and the request-level mode alike. docs/traffic.md, "Retries, timeouts and held concurrency".
 *
 * Timeouts (per try, overall) and backoff are not in the schema yet: the model does not act on
 * them, and a field that does nothing would mislead.
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
 * Whether a pod's slot is held while it waits on its downstream calls, when not said. false keeps
 * the behaviour from before issue 16 (held for the service time alone); it should become true, as
 * a synchronous handler (a thread or a concurrency slot per request) really holds it.
 */
export const HELD_CONCURRENCY_DEFAULT = false;

/**
 * Which endpoints a retry avoids, when not said: `all`, Envoy's `previous_hosts` retry host
 * predicate, which Istio's default route retry policy sets (with `host_selection_retry_max_attempts: 5`;
 * Istio, pilot retry policy defaults; Envoy reference, "Retry plugin configuration",
 * envoy.retry_host_predicates.previous_hosts). No bundled scenario has a retries block, so this
 * default moves no golden result; before it, attempts were independent (`none`).
 */
export const DEFAULT_AVOID_PREVIOUS_HOSTS: AvoidPreviousHosts = 'all';

const RETRY_ON = ['deadEndpoint', 'impaired'] as const;
const AVOID = ['all', 'last', 'none'] as const;

export const retriesSchema = z
  .strictObject({
    attempts: int(1, `Attempts in all, the first included; default ${DEFAULT_RETRY_ATTEMPTS} (Istio's 2 retries).`, 10).optional(),
    retryOn: list(z.enum(RETRY_ON), RETRY_ON.length)
      .meta({ description: 'Failures retried: deadEndpoint (connect failure to a dead pod still listed), impaired (a 5xx from a bad change or brownout); default [deadEndpoint].' })
      .optional(),
    budget: percent(`Retry budget: largest share of attempts in flight that may be retries (Envoy's default budget is ${DEFAULT_RETRY_BUDGET_RATIO * 100}%); absent: no budget (Istio sets none).`).optional(),
    heldConcurrency: z
      .boolean()
      .meta({ description: `A pod's concurrency slot is held while it waits on its synchronous calls (Little's law: busy slots = rate × (service + calls' time)); default ${HELD_CONCURRENCY_DEFAULT}.` })
      .optional(),
    avoidPreviousHosts: z
      .enum(AVOID)
      .meta({ description: `Endpoints a retry avoids: all (every one already tried: Envoy's previous_hosts, Istio's default), last (the one that just failed: HAProxy's option redispatch), none (each attempt drawn afresh); default ${DEFAULT_AVOID_PREVIOUS_HOSTS}.` })
      .optional(),
  })
  .meta({ title: 'Retries' });

export type RawRetries = z.output<typeof retriesSchema>;

export function resolveRetries(raw: RawRetries | undefined): RetryPolicySpec | undefined {
  if (raw === undefined) return undefined;
  const retryOn = raw.retryOn === undefined ? DEFAULT_RETRY_ON : RETRY_ON.filter((r) => raw.retryOn!.includes(r));
  return { attempts: raw.attempts ?? DEFAULT_RETRY_ATTEMPTS, retryOn, budgetRatio: raw.budget, heldConcurrency: raw.heldConcurrency ?? HELD_CONCURRENCY_DEFAULT, avoidPreviousHosts: raw.avoidPreviousHosts ?? DEFAULT_AVOID_PREVIOUS_HOSTS };
}
