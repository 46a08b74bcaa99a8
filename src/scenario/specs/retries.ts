/** The resolved types of designs[].traffic.retries (a leaf module: see retries.ts for the file's form). */

/**
 * Which failures of an attempt are retried, in fleetsim's failure causes:
 * - `deadEndpoint`: the attempt went to a listed endpoint whose pod is dead (Envoy/Istio
 *   `connect-failure`, `refused-stream`, `reset`);
 * - `impaired`: the pod answered with a server error (a bad change, a brownout; Envoy `5xx`).
 */
export type RetryOn = 'deadEndpoint' | 'impaired';

/**
 * Which endpoints a retry avoids (docs/traffic.md, "Retries, timeouts and held concurrency"):
 * - `all`: every endpoint the request already tried (Envoy's `previous_hosts` retry host predicate,
 *   which Istio's default retry policy sets);
 * - `last`: only the endpoint that just failed (HAProxy's `option redispatch`);
 * - `none`: each attempt drawn afresh from the whole pool (independent attempts).
 */
export type AvoidPreviousHosts = 'all' | 'last' | 'none';

/** How a design's clients, ingress and mesh retry requests; undefined on a design: nothing retries. */
export interface RetryPolicySpec {
  /** Attempts in all, the first included (1 = no retry). */
  readonly attempts: number;
  /** Failures that are retried (the others fail the request at once). */
  readonly retryOn: readonly RetryOn[];
  /**
   * Largest share of the attempts in flight that may be retries (Envoy's retry budget), 0..1;
   * undefined: no budget (Istio configures none; attempts alone bound the retries).
   */
  readonly budgetRatio: number | undefined;
  /**
   * A pod's slot is held while it waits on its synchronous downstream calls, not only for its own
   * service time (docs/traffic.md, "Held concurrency"). false: held for the service time alone.
   */
  readonly heldConcurrency: boolean;
  /** Which endpoints a retry avoids (see AvoidPreviousHosts). */
  readonly avoidPreviousHosts: AvoidPreviousHosts;
}
